import { Button, Card, Col, Descriptions, Progress, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type ExtensionSummary, type InstructionSummary, type ReportListItem } from '../api';
import { formatTime, LoadState, PageTitle, StatusTag, useUnitName } from '../components/common';
import { ExtensionRequestModal, ExtensionTable, InstructionList, RecordInstructionModal } from '../components/supervision';
import { stageLabel, targetText, valueText } from '../labels';
import { useLoad, useLoadAfterActions } from '../load';
import { defaultPeriod, periodLabel, periodsOf, planYearOf } from '../period';
import { Link, navigate } from '../router';
import { mayOpen } from '../routes';
import { useUser } from '../session';

/**
 * A task at a glance: indicators against targets with signed-off progress, its reports, the
 * leaders' instructions (批示) with each unit's answer, and the extension requests (延期申请).
 */
export function TaskPage({ taskId }: { taskId: string }) {
  const user = useUser();
  const unitName = useUnitName();
  const tasks = useLoad(() => api.tasks(), []);
  const reports = useLoad(() => api.reports({ taskId }), [taskId]);
  // The administrator reads tasks but not these documents (the API refuses it them).
  const supervised = user.role !== 'admin';
  const instructions = useLoadAfterActions(() => (supervised ? api.instructions({ taskId }) : Promise.resolve([])), [taskId]);
  const extensions = useLoadAfterActions(() => (supervised ? api.extensions({ taskId }) : Promise.resolve([])), [taskId]);
  const [recording, setRecording] = useState(false);
  const [asking, setAsking] = useState(false);
  const instructed = (answer: InstructionSummary) =>
    instructions.reloadUntil((rows) =>
      rows.some(
        (i) => i.id === answer.id && i.acknowledgedBy.length === answer.acknowledgedBy.length && i.reports.length === answer.reports.length,
      ),
    );
  const extended = (answer: ExtensionSummary) =>
    extensions.reloadUntil((rows) => rows.some((x) => x.id === answer.id && x.status === answer.status));
  return (
    <LoadState loaded={tasks}>
      {(list) => {
        const task = list.find((t) => t.id === taskId);
        if (!task) return <Typography.Text type="secondary">没有找到该任务，或当前账号无权查看。</Typography.Text>;
        return (
          <>
            <PageTitle
              extra={
                <Space>
                  {user.role === 'submitter' && (
                    <Button type="primary" onClick={() => navigate(`/submit/${encodeURIComponent(task.id)}`)}>
                      填报
                    </Button>
                  )}
                  {user.role === 'submitter' && <Button onClick={() => setAsking(true)}>申请延期</Button>}
                  {user.role === 'office' && (
                    <Button type="primary" onClick={() => setRecording(true)}>
                      交办批示
                    </Button>
                  )}
                  {mayOpen(user.role, '/audit') && (
                    <Button onClick={() => navigate(`/audit?taskId=${encodeURIComponent(task.id)}`)}>查看审计记录</Button>
                  )}
                </Space>
              }
            >
              <Tag style={{ fontSize: 14 }}>{task.code}</Tag>
              {task.title}
            </PageTitle>
            <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginBottom: 16, background: '#fff' }}>
              <Descriptions.Item label="板块">{task.section}</Descriptions.Item>
              <Descriptions.Item label="类别">{task.category}</Descriptions.Item>
              <Descriptions.Item label="牵头单位">{task.leadUnits.map(unitName).join('、')}</Descriptions.Item>
            </Descriptions>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Card size="small" title="指标与已签发进度">
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={task.indicators}
                    scroll={{ x: 'max-content' }}
                    columns={[
                      { title: '指标', dataIndex: 'name' },
                      { title: '目标', key: 'target', render: (_, i) => targetText(i) },
                      {
                        title: '已签发',
                        key: 'value',
                        render: (_, i) => {
                          const p = task.progress.find((x) => x.indicatorId === i.id);
                          return p ? `${valueText(p.value, i)}（${periodLabel(p.period)}）` : '—';
                        },
                      },
                      {
                        title: '完成率',
                        key: 'percent',
                        width: 160,
                        render: (_, i) => {
                          const p = task.progress.find((x) => x.indicatorId === i.id);
                          return p ? <Progress size="small" percent={Math.min(100, p.percent)} format={() => `${p.percent}%`} /> : '—';
                        },
                      },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card size="small" title="进度报告">
                  <LoadState loaded={reports}>
                    {(rows) => (
                      <Table<ReportListItem>
                        size="small"
                        rowKey="id"
                        pagination={{ pageSize: 12, size: 'small', hideOnSinglePage: true }}
                        dataSource={[...rows].sort((a, b) => b.period.localeCompare(a.period))}
                        columns={[
                          { title: '期间', key: 'period', render: (_, r) => <Link to={`/reports/${r.id}`}>{periodLabel(r.period)}</Link> },
                          { title: '单位', key: 'unit', render: (_, r) => unitName(r.unitId) },
                          {
                            title: '状态',
                            key: 'status',
                            render: (_, r) =>
                              r.status === 'in_review' ? (
                                <Tag color="processing">{stageLabel(r.stage)}</Tag>
                              ) : (
                                <StatusTag status={r.status} />
                              ),
                          },
                          { title: '更新', key: 'at', render: (_, r) => formatTime(r.updatedAt) },
                        ]}
                      />
                    )}
                  </LoadState>
                </Card>
              </Col>
            </Row>
            {supervised && (
              <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
                <Col xs={24} xl={12}>
                  <Card size="small" title="领导批示" data-testid="task-instructions">
                    <LoadState loaded={instructions}>{(rows) => <InstructionList instructions={rows} onActed={instructed} />}</LoadState>
                  </Card>
                </Col>
                <Col xs={24} xl={12}>
                  <Card size="small" title="延期申请" data-testid="task-extensions">
                    <LoadState loaded={extensions}>
                      {(rows) => <ExtensionTable extensions={rows} showTask={false} onDecided={extended} />}
                    </LoadState>
                  </Card>
                </Col>
              </Row>
            )}
            {recording && (
              <RecordInstructionModal
                taskId={task.id}
                planId={task.planId}
                onClose={() => setRecording(false)}
                onDone={(answer) => {
                  setRecording(false);
                  instructed(answer);
                }}
              />
            )}
            {asking && (
              <ExtensionRequestModal
                taskId={task.id}
                periods={periodsOf(planYearOf(task.id, new Date().getFullYear()))}
                period={defaultPeriod(new Date(), planYearOf(task.id, new Date().getFullYear()))}
                onClose={() => setAsking(false)}
                onDone={(answer) => {
                  setAsking(false);
                  extended(answer);
                }}
              />
            )}
          </>
        );
      }}
    </LoadState>
  );
}
