import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Empty, Progress, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { api, type ReportListItem, type Task } from '../api';
import { LoadState, PageTitle, StatusTag } from '../components/common';
import { ReportForm } from '../components/ReportForm';
import { ExtensionRequestModal } from '../components/supervision';
import { stageLabel, targetText, valueText } from '../labels';
import { useLoad } from '../load';
import { defaultPeriod, periodLabel, periodsOf, planYearOf } from '../period';
import { Link, navigate, useLocation } from '../router';
import { draftKeyOf } from '../drafts';
import { useUser } from '../session';
import { errorText } from '../errors';
import { deadlineNote, type DeadlineFacts } from '../deadline';

/** 填报: the unit's tasks for a period, or the report form for one of them. */
export function SubmitPage({ taskId }: { taskId?: string }) {
  const { search } = useLocation();
  const tasks = useLoad(() => api.tasks(), []);
  const year = planYearOf(tasks.data?.[0]?.id ?? '', new Date().getFullYear());
  const period = search.get('period') ?? defaultPeriod(new Date(), year);
  const reports = useLoad(() => api.reports({ mine: true, period }), [period]);
  // The deadline in force comes from the API (plan calendar and approved extensions): never counted here.
  const deadlines = useLoad(() => api.reportingDeadlines(period), [period]);
  const setPeriod = (next: string) =>
    navigate(`${taskId ? `/submit/${encodeURIComponent(taskId)}` : '/submit'}?period=${next}`, { replace: true });

  const periodPicker = (
    <Space>
      <Typography.Text>填报期间</Typography.Text>
      <Select
        aria-label="填报期间"
        value={period}
        onChange={setPeriod}
        style={{ width: 130 }}
        options={periodsOf(year).map((p) => ({ value: p, label: periodLabel(p) }))}
      />
    </Space>
  );

  return (
    <LoadState loaded={tasks}>
      {(list) => {
        if (taskId) {
          const task = list.find((t) => t.id === taskId);
          if (!task) return <Empty description="没有找到该任务，或该任务不由本单位牵头" />;
          const existing = reports.data?.filter((r) => r.taskId === taskId && r.status !== 'withdrawn');
          return <NewReport task={task} period={period} periodPicker={periodPicker} existing={existing} />;
        }
        return (
          <>
            <PageTitle extra={periodPicker}>本单位牵头任务</PageTitle>
            {reports.error && (
              <div style={{ marginBottom: 16 }}>
                <Alert type="warning" showIcon title="本期报告状态暂时无法获取" description={errorText(reports.error)} />
              </div>
            )}
            {list.length === 0 && <Empty description="本单位暂无牵头任务" />}
            <Row gutter={[16, 16]}>
              {list.map((task) => (
                <Col key={task.id} xs={24} xl={12}>
                  <TaskCard
                    task={task}
                    period={period}
                    reports={reports.data?.filter((r) => r.taskId === task.id)}
                    deadline={deadlines.error ? 'unavailable' : deadlines.data?.find((d) => d.taskId === task.id)}
                  />
                </Col>
              ))}
            </Row>
          </>
        );
      }}
    </LoadState>
  );
}

function TaskCard({
  task,
  period,
  reports,
  deadline,
}: {
  task: Task;
  period: string;
  reports: ReportListItem[] | undefined;
  /** Absent while loading, or for a period outside the task's plan year. */
  deadline: DeadlineFacts | 'unavailable' | undefined;
}) {
  const [asking, setAsking] = useState(false);
  const current = reports?.filter((r) => r.status !== 'withdrawn').sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  const action = current ? (
    <Button onClick={() => navigate(`/reports/${current.id}`)}>{current.status === 'returned' ? '修改后重新提交' : '查看报告'}</Button>
  ) : (
    <Space size={4}>
      {/* A unit that cannot report in time asks for a later deadline for this period (延期申请). */}
      <Button onClick={() => setAsking(true)}>申请延期</Button>
      <Button type="primary" onClick={() => navigate(`/submit/${encodeURIComponent(task.id)}?period=${period}`)}>
        填报
      </Button>
    </Space>
  );
  return (
    <Card
      data-testid={`task-${task.code}`}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          <Tag>{task.code}</Tag>
          {task.title}
        </span>
      }
      extra={action}
    >
      {asking && (
        <ExtensionRequestModal
          taskId={task.id}
          period={period}
          periods={[period]}
          onClose={() => setAsking(false)}
          onDone={() => setAsking(false)}
        />
      )}
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text type="secondary">{periodLabel(period)}：</Typography.Text>
        {current ? (
          <>
            <StatusTag status={current.status} />
            {current.stage && <Tag>{stageLabel(current.stage)}</Tag>}
            <Typography.Text type="secondary">第 {current.revision} 版</Typography.Text>
          </>
        ) : reports ? (
          <Tag>未填报</Tag>
        ) : (
          <Tag>—</Tag>
        )}
        <DeadlineText deadline={deadline} />
      </Space>
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={task.indicators}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '指标', dataIndex: 'name' },
          { title: '目标', key: 'target', render: (_, indicator) => targetText(indicator) },
          {
            title: '已签发进度',
            key: 'progress',
            render: (_, indicator) => {
              const progress = task.progress.find((p) => p.indicatorId === indicator.id);
              if (!progress) return <Typography.Text type="secondary">暂无</Typography.Text>;
              return (
                <Space orientation="vertical" size={0} style={{ minWidth: 140 }}>
                  <span className="numeric">
                    {valueText(progress.value, indicator)}（{progress.period}）
                  </span>
                  <Progress percent={Math.min(100, progress.percent)} size="small" format={() => `${progress.percent}%`} />
                </Space>
              );
            },
          },
        ]}
      />
    </Card>
  );
}

function DeadlineText({ deadline }: { deadline: DeadlineFacts | 'unavailable' | undefined }) {
  if (deadline === undefined) return null;
  if (deadline === 'unavailable') return <Typography.Text type="secondary">报送截止时间暂时无法获取</Typography.Text>;
  const note = deadlineNote(deadline, new Date());
  // antd's warning yellow and success green read under 4.5:1 on white (WCAG AA): a near deadline is
  // bold instead, one met is secondary text; only an overdue one takes the (darkened) error red.
  return (
    <Typography.Text
      type={note.tone === 'danger' ? 'danger' : note.tone === 'success' ? 'secondary' : undefined}
      strong={note.tone === 'warning'}
      data-testid="reporting-deadline"
    >
      {note.text}
    </Typography.Text>
  );
}

function NewReport({
  task,
  period,
  periodPicker,
  existing,
}: {
  task: Task;
  period: string;
  periodPicker: ReactNode;
  existing: ReportListItem[] | undefined;
}) {
  const { message } = App.useApp();
  const user = useUser();
  return (
    <>
      <PageTitle extra={periodPicker}>
        <Link to="/submit">填报</Link> / {task.code} {task.title}
      </PageTitle>
      {existing && existing.length > 0 && (
        <div style={{ marginBottom: 16 }}>
          <Alert
            type="info"
            showIcon
            title={`${periodLabel(period)}已有报告`}
            description={
              <Space wrap>
                {existing.map((r) => (
                  <Link key={r.id} to={`/reports/${r.id}`}>
                    第 {r.revision} 版 · <StatusTag status={r.status} />
                  </Link>
                ))}
              </Space>
            }
          />
        </div>
      )}
      <ReportForm
        key={`${task.id}-${period}`}
        task={task}
        period={period}
        draftKey={draftKeyOf(user.username, task.id, period)}
        submitLabel={`提交${periodLabel(period)}报告`}
        onSubmit={async (values, narrative, attachments) => {
          const created = await api.submit({ taskId: task.id, period, values, narrative, attachments });
          message.success('报告已提交，进入专班办公室审核');
          navigate(`/reports/${created.id}`);
        }}
      />
    </>
  );
}
