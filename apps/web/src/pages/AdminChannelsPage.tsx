import { App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  ADMIN_FIELD_LABEL,
  adminApi,
  CHANNEL_KIND_LABEL,
  NOTIFICATION_KIND_LABEL,
  type Channel,
  type ChannelKind,
  type NewChannel,
} from '../admin-api';
import type { ApiError } from '../api';
import { formatTime, LoadState, PageTitle, ProblemAlert, useUnitName, useUnitOptions } from '../components/common';
import { asApiError, useLoad } from '../load';

const KIND_OPTIONS = (Object.keys(CHANNEL_KIND_LABEL) as ChannelKind[]).map((kind) => ({ value: kind, label: CHANNEL_KIND_LABEL[kind] }));
const NOTIFICATION_OPTIONS = Object.entries(NOTIFICATION_KIND_LABEL).map(([value, label]) => ({ value, label }));

/** 通知渠道: where reminders are delivered outside the console, and how delivery is going. */
export default function AdminChannelsPage() {
  const { message, modal } = App.useApp();
  const unitName = useUnitName();
  const channels = useLoad(() => adminApi.channels(), []);
  const [adding, setAdding] = useState(false);
  const [failure, setFailure] = useState<ApiError>();
  const disable = (channel: Channel) =>
    modal.confirm({
      title: `停用渠道“${channel.name}”？`,
      content: '停用后不再向该地址推送通知；已推送的记录保留。',
      okText: '停用',
      cancelText: '取消',
      onOk: async () => {
        setFailure(undefined);
        try {
          await adminApi.disableChannel(channel.id);
          message.success('渠道已停用');
          channels.reload();
        } catch (e) {
          setFailure(asApiError(e));
        }
      },
    });
  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" onClick={() => setAdding(true)}>
            新增渠道
          </Button>
        }
      >
        通知渠道
      </PageTitle>
      {failure && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={failure} fields={ADMIN_FIELD_LABEL} />
        </div>
      )}
      <LoadState loaded={channels}>
        {(list) => (
          <Table<Channel>
            rowKey="id"
            data-testid="channels"
            dataSource={list}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: '尚未配置通知渠道' }}
            columns={[
              { title: '名称', dataIndex: 'name' },
              { title: '类型', dataIndex: 'kind', render: (kind: ChannelKind) => CHANNEL_KIND_LABEL[kind] ?? kind },
              {
                title: '地址',
                dataIndex: 'url',
                render: (url: string, channel) => (
                  <Space size={4}>
                    <Typography.Text style={{ maxWidth: 280 }} ellipsis={{ tooltip: url }}>
                      {url}
                    </Typography.Text>
                    {channel.hasSecret && <Tag>已加签</Tag>}
                  </Space>
                ),
              },
              { title: '接收范围', dataIndex: 'unitId', render: (unitId: string | null) => (unitId ? unitName(unitId) : '全部') },
              {
                title: '通知类型',
                dataIndex: 'kinds',
                render: (kinds: string[] | null) =>
                  kinds?.length ? kinds.map((kind) => NOTIFICATION_KIND_LABEL[kind] ?? kind).join('、') : '全部',
              },
              {
                title: '推送情况',
                key: 'delivery',
                render: (_, channel) => (
                  <Space direction="vertical" size={0}>
                    <span>
                      已送达 {channel.delivered} · 待推送 {channel.waiting}
                    </span>
                    {channel.lastError && (
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        最近错误：{channel.lastError}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              {
                title: '状态',
                dataIndex: 'enabled',
                render: (enabled: boolean) => (enabled ? <Tag color="success">启用</Tag> : <Tag>已停用</Tag>),
              },
              { title: '创建时间', dataIndex: 'createdAt', render: formatTime },
              {
                title: '操作',
                key: 'actions',
                render: (_, channel) =>
                  channel.enabled && (
                    <Button size="small" danger onClick={() => disable(channel)}>
                      停用
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </LoadState>
      {adding && (
        <ChannelDialog
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            message.success('渠道已添加');
            channels.reload();
          }}
        />
      )}
    </>
  );
}

function ChannelDialog({ onClose, onSaved }: { onClose(): void; onSaved(): void }) {
  const [form] = Form.useForm<NewChannel>();
  const unitOptions = useUnitOptions();
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const save = async (values: NewChannel) => {
    setSaving(true);
    setError(undefined);
    try {
      await adminApi.createChannel({
        name: values.name,
        kind: values.kind,
        url: values.url.trim(),
        ...(values.secret ? { secret: values.secret } : {}),
        ...(values.unitId ? { unitId: values.unitId } : {}),
        ...(values.kinds?.length ? { kinds: values.kinds } : {}),
      });
      onSaved();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title="新增通知渠道" okText="保存" cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose}>
      <Form<NewChannel> form={form} layout="vertical" onFinish={save} initialValues={{ kind: 'wecom' }}>
        <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="渠道类型" name="kind" rules={[{ required: true, message: '请选择渠道类型' }]}>
          <Select options={KIND_OPTIONS} />
        </Form.Item>
        <Form.Item label="地址" name="url" extra="以 http:// 或 https:// 开头" rules={[{ required: true, message: '请填写地址' }]}>
          <Input inputMode="url" />
        </Form.Item>
        <Form.Item label="签名密钥" name="secret" extra="选填，8 至 256 位；保存后不再显示">
          <Input.Password autoComplete="off" />
        </Form.Item>
        <Form.Item label="接收范围" name="unitId" extra="不选则推送发给各角色和单位的全部通知">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} placeholder="全部" />
        </Form.Item>
        <Form.Item label="通知类型" name="kinds" extra="不选则推送全部类型">
          <Select mode="multiple" allowClear options={NOTIFICATION_OPTIONS} placeholder="全部" />
        </Form.Item>
      </Form>
      {error && <ProblemAlert error={error} fields={ADMIN_FIELD_LABEL} />}
    </Modal>
  );
}
