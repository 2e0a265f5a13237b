import { App, Button, Card, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type ReportListItem, type ReportStatus } from '../api';
import { formatTime, LoadState, PageTitle, ReportTimeline, StatusTag } from '../components/common';
import { errorText } from '../errors';
import { stageLabel, STATUS_LABEL } from '../labels';
import { asApiError, readUntil, useLoad } from '../load';
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
            <PhoneList
              reports={[...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))}
              title={title}
              onChanged={reports.reload}
            />
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
                    <Space size={4}>
                      <Button
                        size="small"
                        type={row.status === 'returned' ? 'primary' : 'default'}
                        onClick={() => navigate(`/reports/${row.id}`)}
                      >
                        {row.status === 'returned' ? '修改重报' : '查看'}
                      </Button>
                      {row.status === 'in_review' && <WithdrawButton report={row} onDone={reports.reload} />}
                    </Space>
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
function PhoneList({ reports, title, onChanged }: { reports: ReportListItem[]; title(taskId: string): string; onChanged(): void }) {
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
          {row.status === 'in_review' && (
            <div style={{ marginTop: 8 }}>
              <WithdrawButton report={row} onDone={onChanged} block />
            </div>
          )}
        </Card>
      )}
    />
  );
}

function RowTimeline({ reportId }: { reportId: string }) {
  const report = useLoad(() => api.report(reportId), [reportId]);
  return <LoadState loaded={report}>{(r) => <ReportTimeline history={r.history} />}</LoadState>;
}

/**
 * 撤回 (the unit takes its report back) from the list, while no reviewer has opened it. The list
 * does not carry the history, so the API decides; its refusal (已被审核人员查看) is shown as said.
 */
function WithdrawButton({ report, onDone, block }: { report: ReportListItem; onDone(): void; block?: boolean }) {
  const { modal, message } = App.useApp();
  const withdraw = () =>
    modal.confirm({
      title: '撤回该报告？',
      content: '撤回后可修改再提交。审核人员已开始处理的报告不能撤回。',
      okText: '撤回',
      cancelText: '取消',
      onOk: async () => {
        try {
          const answer = await api.withdraw(report.id);
          message.success('报告已撤回');
          await readUntil(
            () => api.reports({ mine: true }),
            (list) => list.some((r) => r.id === report.id && r.status === answer.status),
          );
          onDone();
        } catch (e) {
          const error = asApiError(e);
          message.error(errorText(error));
        }
      },
    });
  return (
    <Button size="small" danger block={block} onClick={withdraw} aria-label={`撤回报告：${periodLabel(report.period)}`}>
      撤回
    </Button>
  );
}
