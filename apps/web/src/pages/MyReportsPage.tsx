import { Button, Card, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type ReportListItem, type ReportStatus } from '../api';
import { formatTime, LoadState, PageTitle, ReportTimeline, StatusTag } from '../components/common';
import { stageLabel, STATUS_LABEL } from '../labels';
import { useLoad } from '../load';
import { periodLabel } from '../period';
import { Link, navigate } from '../router';

/** The unit's reports, newest first; a row opens to show its timeline. */
export function MyReportsPage() {
  const [status, setStatus] = useState<ReportStatus | ''>('');
  const phone = !Grid.useBreakpoint().md;
  const reports = useLoad(() => api.reports({ mine: true, status }), [status]);
  const tasks = useLoad(() => api.tasks(), []);
  const title = (taskId: string) => {
    const task = tasks.data?.find((t) => t.id === taskId);
    return task ? `${task.code} ${task.title}` : taskId;
  };
  return (
    <>
      <PageTitle
        extra={
          <Select
            aria-label="状态"
            value={status}
            onChange={setStatus}
            style={{ width: 140 }}
            options={[
              { value: '', label: '全部状态' },
              ...(Object.keys(STATUS_LABEL) as ReportStatus[]).map((s) => ({ value: s, label: STATUS_LABEL[s] })),
            ]}
          />
        }
      >
        我的报告
      </PageTitle>
      <LoadState loaded={reports}>
        {(list) =>
          phone ? (
            <PhoneList reports={[...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))} title={title} />
          ) : (
            <Table<ReportListItem>
              rowKey="id"
              dataSource={[...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))}
              scroll={{ x: 'max-content' }}
              expandable={{ expandedRowRender: (row) => <RowTimeline reportId={row.id} />, expandRowByClick: false }}
              columns={[
                { title: '任务', key: 'task', render: (_, row) => <Link to={`/reports/${row.id}`}>{title(row.taskId)}</Link> },
                { title: '期间', dataIndex: 'period', render: periodLabel },
                {
                  title: '状态',
                  key: 'status',
                  render: (_, row) => (
                    <Space size={4}>
                      <StatusTag status={row.status} />
                      {row.status === 'in_review' && <Tag>{stageLabel(row.stage)}</Tag>}
                    </Space>
                  ),
                },
                { title: '版本', dataIndex: 'revision', render: (revision: number) => `第 ${revision} 版` },
                { title: '更新时间', dataIndex: 'updatedAt', render: formatTime },
                {
                  title: '操作',
                  key: 'action',
                  render: (_, row) => (
                    <Button
                      size="small"
                      type={row.status === 'returned' ? 'primary' : 'default'}
                      onClick={() => navigate(`/reports/${row.id}`)}
                    >
                      {row.status === 'returned' ? '修改重报' : '查看'}
                    </Button>
                  ),
                },
              ]}
            />
          )
        }
      </LoadState>
    </>
  );
}

// On a phone a table would hide the status off to the right; one card per report shows it all.
function PhoneList({ reports, title }: { reports: ReportListItem[]; title(taskId: string): string }) {
  return (
    <List
      dataSource={reports}
      renderItem={(row) => (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="report-card">
          <Link to={`/reports/${row.id}`}>{title(row.taskId)}</Link>
          <div style={{ margin: '6px 0' }}>
            <Space size={4} wrap>
              <Typography.Text type="secondary">{periodLabel(row.period)}</Typography.Text>
              <StatusTag status={row.status} />
              {row.status === 'in_review' && <Tag>{stageLabel(row.stage)}</Tag>}
              <Typography.Text type="secondary">第 {row.revision} 版</Typography.Text>
            </Space>
          </div>
          <Button
            size="small"
            block
            type={row.status === 'returned' ? 'primary' : 'default'}
            onClick={() => navigate(`/reports/${row.id}`)}
          >
            {row.status === 'returned' ? '修改重报' : '查看'}
          </Button>
        </Card>
      )}
    />
  );
}

function RowTimeline({ reportId }: { reportId: string }) {
  const report = useLoad(() => api.report(reportId), [reportId]);
  return <LoadState loaded={report}>{(r) => <ReportTimeline history={r.history} />}</LoadState>;
}
