import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Popover, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type NotificationItem, type Role } from '../api';
import { chinaTime } from '../china-time';
import { notificationLink, unreadLabel } from '../notifications';
import { navigate } from '../router';

/** How often the header asks for the unread count while the console is open. */
const POLL_MS = 30_000;

/** The notification centre: the unread count in the header, the latest notifications under it. */
export function NotificationBell({ role }: { role: Role }) {
  const [count, setCount] = useState<{ unread: number; capped: boolean }>({ unread: 0, capped: false });
  const [items, setItems] = useState<NotificationItem[] | undefined>();
  const [open, setOpen] = useState(false);

  const refreshCount = useCallback(() => {
    api.unreadNotifications().then(setCount, () => undefined);
  }, []);
  useEffect(() => {
    refreshCount();
    const timer = setInterval(refreshCount, POLL_MS);
    return () => clearInterval(timer);
  }, [refreshCount]);
  useEffect(() => {
    if (open) api.notifications().then(setItems, () => setItems([]));
  }, [open]);

  const follow = async (item: NotificationItem) => {
    setOpen(false);
    if (!item.read) await api.readNotification(item.id).catch(() => undefined);
    refreshCount();
    navigate(notificationLink(item, role));
  };

  // A plain list of buttons rather than antd's List: the header is on every page's first load, and
  // List brings its pagination along; a button is also reached and pressed from the keyboard.
  const list = (
    <div style={{ width: 340, maxHeight: 420, overflowY: 'auto' }}>
      {items === undefined ? (
        <Spin aria-label="加载中" style={{ display: 'block', margin: '24px auto' }} />
      ) : items.length === 0 ? (
        <Empty description="暂无通知" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <ul className="notification-list">
          {items.map((item) => (
            <li key={item.id}>
              <button type="button" className="notification-item" onClick={() => void follow(item)} data-notification={item.id}>
                <Badge dot={!item.read} offset={[6, 0]}>
                  <Typography.Text strong={!item.read}>{item.title}</Typography.Text>
                </Badge>
                <div>{item.text}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {chinaTime(item.at)}
                </Typography.Text>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <Popover content={list} title="通知" trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Badge count={count.unread === 0 ? 0 : unreadLabel(count)} size="small">
        <Button
          type="text"
          icon={<BellOutlined aria-hidden />}
          aria-label={`通知，${count.unread === 0 ? '没有' : unreadLabel(count) + ' 条'}未读`}
        />
      </Badge>
    </Popover>
  );
}
