import { Badge, Card, Tabs } from 'antd';
import { useState } from 'react';
import { api, type Extension } from '../api';
import { LoadState, PageTitle } from '../components/common';
import { ExtensionTable } from '../components/supervision';
import { useLoad, useLoadAfterActions } from '../load';
import { useLocation } from '../router';
import { useUser } from '../session';

type View = 'requested' | 'all';

/**
 * 延期申请 under 督办: the office decides the pending requests, the 工作专班办公室's staff and auditors read them,
 * a unit follows its own requests to their outcome.
 */
export default function ExtensionsPage() {
  const user = useUser();
  const { search } = useLocation();
  const [view, setView] = useState<View>(search.get('view') === 'all' || user.role === 'submitter' ? 'all' : 'requested');
  const extensions = useLoadAfterActions(() => api.extensions(), []);
  const tasks = useLoad(() => api.tasks(), []);
  const decided = (answer: Extension) =>
    extensions.reloadUntil((rows) => rows.some((x) => x.id === answer.id && x.status === answer.status));
  return (
    <>
      <PageTitle>{user.role === 'submitter' ? '本单位延期申请' : '延期申请'}</PageTitle>
      <LoadState loaded={extensions}>
        {(rows) => {
          const pending = rows.filter((x) => x.status === 'requested');
          return (
            <Card size="small">
              <Tabs
                activeKey={view}
                onChange={(key) => setView(key as View)}
                items={[
                  {
                    key: 'requested',
                    label: (
                      <Badge count={pending.length} offset={[12, 0]} size="small">
                        待审批
                      </Badge>
                    ),
                    children: <ExtensionTable extensions={pending} tasks={tasks.data} onDecided={decided} />,
                  },
                  { key: 'all', label: '全部', children: <ExtensionTable extensions={rows} tasks={tasks.data} onDecided={decided} /> },
                ]}
              />
            </Card>
          );
        }}
      </LoadState>
    </>
  );
}
