import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  Empty,
  Form,
  Input,
  Modal,
  Progress,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { api, type Dashboard, type DashboardTask, type TaskStatus, type UrgeOutcome } from '../api';
import { LoadState, NoticeLevelTag, PageTitle, ProblemAlert, useUnitName } from '../components/common';
import { ProgressChart, type Bar } from '../components/ProgressChart';
import { NOTICE_LEVEL_LABEL, NOTICE_LEVELS, SUPERVISION_FIELD_LABEL, URGERS } from '../labels';
import { asApiError, useLoad } from '../load';
import { defaultPeriod, periodLabel } from '../period';
import { Link, navigate } from '../router';
import { mayOpen } from '../routes';
import { useUser } from '../session';
import { unreportedTasks, urgeablePeriods, urgeOutcomeText } from '../supervision';

// Dark enough for WCAG AA (4.5:1) both as text on white and under a tag's white text.
export const TASK_STATUS_COLOR: Record<TaskStatus, string> = {
  已完成: '#237804',
  正常推进: '#0958d9',
  进度滞后: '#ad4e00',
  逾期未报: '#cf1322',
};

const allTasks = (dashboard: Dashboard) => dashboard.sections.flatMap((s) => s.categories.flatMap((c) => c.tasks));

interface Group {
  key: string;
  title: string;
  tasks: DashboardTask[];
}

/** The plan's categories (分类) across its sections: the level at which the plan groups its tasks. */
export function groupsOf(dashboard: Dashboard): Group[] {
  return dashboard.sections.flatMap((section) =>
    section.categories.map((category) => ({ key: `${section.code}|${category.title}`, title: category.title, tasks: category.tasks })),
  );
}

/** A group's progress is the mean of its tasks' progress (each capped at 100%), each task counting once. */
export function groupBars(groups: Group[], schedulePercent: number): Bar[] {
  return groups.map((group) => {
    const percent = group.tasks.length
      ? Math.round((group.tasks.reduce((sum, t) => sum + Math.min(100, t.percent), 0) / group.tasks.length) * 10) / 10
      : 0;
    // "办好省定十大重点民生实事 / 促进教育高质量发展": the part after the slash names the category.
    const label = group.title.split(' / ').pop()!;
    return { key: group.key, label, percent, color: percent >= schedulePercent ? '#1677ff' : '#fa8c16' };
  });
}

export default function DashboardPage() {
  const dashboard = useLoad(() => api.dashboard(), []);
  return <LoadState loaded={dashboard}>{(data) => <DashboardView dashboard={data} />}</LoadState>;
}

function DashboardView({ dashboard }: { dashboard: Dashboard }) {
  const user = useUser();
  const [urging, setUrging] = useState(false);
  const [view, setView] = useState<'group' | 'task'>('group');
  const [groupKey, setGroupKey] = useState<string>();
  const tasks = useMemo(() => allTasks(dashboard), [dashboard]);
  const groups = useMemo(() => groupsOf(dashboard), [dashboard]);
  const group = groups.find((g) => g.key === groupKey);
  const bars = useMemo<Bar[]>(() => {
    if (view === 'group') return groupBars(groups, dashboard.schedulePercent);
    return (group?.tasks ?? tasks).map((t) => ({
      key: t.id,
      label: `${t.code} ${t.title}`,
      percent: t.percent,
      color: TASK_STATUS_COLOR[t.status],
    }));
  }, [dashboard, groups, group, tasks, view]);
  const behind = tasks.filter((t) => t.status === '进度滞后');
  const overdue = tasks.filter((t) => t.status === '逾期未报');
  const { counts } = dashboard;

  return (
    <>
      <PageTitle
        extra={
          URGERS.includes(user.role) && (
            <Button type="primary" onClick={() => setUrging(true)}>
              催报
            </Button>
          )
        }
      >
        {dashboard.plan.title}
      </PageTitle>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title="序时进度" value={dashboard.schedulePercent} suffix="%" />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title="任务总数" value={tasks.length} />
          </Card>
        </Col>
        {(
          [
            ['已完成', counts.completed],
            ['正常推进', counts.onTrack],
            ['进度滞后', counts.behind],
            ['逾期未报', counts.overdue],
          ] as Array<[TaskStatus, number]>
        ).map(([label, value]) => (
          <Col key={label} xs={12} md={8} xl={4}>
            <Card size="small" data-testid={`count-${label}`}>
              <Statistic title={label} value={value} styles={{ content: { color: TASK_STATUS_COLOR[label] } }} />
            </Card>
          </Col>
        ))}
      </Row>

      <NoticeCounts dashboard={dashboard} />

      <Card
        size="small"
        style={{ marginBottom: 16 }}
        title="完成进度与序时进度"
        extra={
          <Segmented
            size="small"
            value={view}
            onChange={(v) => {
              setView(v as 'group' | 'task');
              setGroupKey(undefined);
            }}
            options={[
              { value: 'group', label: '按类别' },
              { value: 'task', label: '按任务' },
            ]}
          />
        }
      >
        {group && (
          <Tag closable onClose={() => setGroupKey(undefined)} style={{ marginBottom: 8 }}>
            {group.title}
          </Tag>
        )}
        <ProgressChart
          bars={bars}
          schedulePercent={dashboard.schedulePercent}
          height={Math.max(240, bars.length * 30 + 60)}
          onSelect={(key) => {
            if (view === 'group') {
              setView('task');
              setGroupKey(key);
            } else navigate(`/tasks/${encodeURIComponent(key)}`);
          }}
        />
      </Card>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {/* Side by side only where six columns fit in half the width: at 1440 px the second list was cut off. */}
        <Col xs={24} xxl={12}>
          <TaskList title="进度滞后" tasks={behind} color={TASK_STATUS_COLOR.进度滞后} />
        </Col>
        <Col xs={24} xxl={12}>
          <TaskList title="逾期未报" tasks={overdue} color={TASK_STATUS_COLOR.逾期未报} />
        </Col>
      </Row>

      <Card size="small" title="全部任务">
        <Collapse
          items={dashboard.sections.map((section) => ({
            key: section.code,
            label: section.title,
            children: section.categories.map((category) => (
              <div key={category.title} style={{ marginBottom: 12 }}>
                <Typography.Text strong>{category.title}</Typography.Text>
                <TaskTable tasks={category.tasks} />
              </div>
            )),
          }))}
        />
      </Card>
      {urging && <UrgeModal dashboard={dashboard} tasks={tasks} onClose={() => setUrging(false)} />}
    </>
  );
}

/** Open 督办单 by colour, red first; each opens the 督办 board on that colour (for whoever may read it). */
function NoticeCounts({ dashboard }: { dashboard: Dashboard }) {
  const user = useUser();
  const links = mayOpen(user.role, '/notices');
  const { open } = dashboard.notices;
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={`未销号督办单（${open.total}）`} data-testid="dashboard-notices">
      <Row gutter={[12, 12]}>
        {NOTICE_LEVELS.map((level) => (
          <Col key={level} xs={8} md={6} xl={4}>
            <Card
              size="small"
              hoverable={links}
              onClick={links ? () => navigate(`/notices?level=${level}&status=open`) : undefined}
              data-testid={`dashboard-notices-${level}`}
              aria-label={`${NOTICE_LEVEL_LABEL[level]} ${open[level]} 件`}
            >
              <NoticeLevelTag level={level} />
              <div>
                <Typography.Text strong style={{ fontSize: 20 }}>
                  {open[level]}
                </Typography.Text>{' '}
                件
              </div>
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/**
 * 催报 in one action: the tasks without a report for the period (the reports of the period say
 * which), ticked by default unless urged already; the answer says what was done with each.
 */
function UrgeModal({ dashboard, tasks, onClose }: { dashboard: Dashboard; tasks: DashboardTask[]; onClose(): void }) {
  const { message } = App.useApp();
  const periods = urgeablePeriods(dashboard.plan.year, new Date());
  const [period, setPeriod] = useState(defaultPeriod(new Date(), dashboard.plan.year));
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<string[]>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof asApiError>>();
  const [outcome, setOutcome] = useState<UrgeOutcome>();
  const reports = useLoad(() => api.reports({ period }), [period]);
  const urges = useLoad(() => api.urges({ period }), [period]);
  const candidates = reports.data ? unreportedTasks(tasks, reports.data, period) : undefined;
  const urged = new Set((urges.data ?? []).map((u) => u.taskId));
  const selected = picked ?? (candidates && urges.data ? candidates.filter((t) => !urged.has(t.id)).map((t) => t.id) : []);
  const code = (taskId: string) => tasks.find((t) => t.id === taskId)?.code ?? '—';
  const answer = outcome && urgeOutcomeText(outcome, code);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.urgeTasks({ taskIds: selected, period, ...(text.trim() ? { message: text.trim() } : {}) });
      setOutcome(result);
      if (result.urged.length > 0) message.success(`已催报 ${result.urged.length} 项`);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title="催报"
      width={720}
      onCancel={onClose}
      destroyOnHidden
      footer={
        outcome
          ? [
              <Button key="done" type="primary" onClick={onClose}>
                完成
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                取消
              </Button>,
              <Button key="ok" type="primary" disabled={selected.length === 0} loading={busy} onClick={submit}>
                催报已选的 {selected.length} 项
              </Button>,
            ]
      }
    >
      {answer ? (
        <Alert
          type={outcome!.urged.length > 0 ? 'success' : 'info'}
          showIcon
          data-testid="urge-outcome"
          title={answer.summary}
          description={
            answer.skipped.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                {answer.skipped.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )
          }
        />
      ) : (
        <>
          <Form layout="vertical">
            <Form.Item label="报告期间">
              <Select
                aria-label="报告期间"
                value={period}
                onChange={(next) => {
                  setPeriod(next);
                  setPicked(undefined);
                }}
                style={{ width: 160 }}
                options={periods.map((p) => ({ value: p, label: periodLabel(p) }))}
              />
            </Form.Item>
          </Form>
          <LoadState loaded={reports}>
            {() => (
              <div data-testid="urge-candidates">
                <Table<DashboardTask>
                  rowKey="id"
                  size="small"
                  dataSource={candidates}
                  // One scrolling list, not pages: ticking the header picks every unreported task, not a page of them.
                  pagination={false}
                  scroll={{ x: 'max-content', y: 320 }}
                  locale={{
                    emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${periodLabel(period)}各任务均已报送`} />,
                  }}
                  rowSelection={{
                    selectedRowKeys: selected,
                    onChange: (keys) => setPicked(keys as string[]),
                    // antd names these checkboxes in English ("Select all"); screen readers get Chinese.
                    getTitleCheckboxProps: () => ({ 'aria-label': '全选' }),
                    getCheckboxProps: (t) => ({ 'aria-label': `选择 ${t.code}` }),
                  }}
                  columns={[
                    {
                      title: '未报送任务',
                      key: 'task',
                      render: (_, t) => (
                        <span>
                          <Tag>{t.code}</Tag>
                          {t.title}
                        </span>
                      ),
                    },
                    { title: '牵头单位', key: 'units', render: (_, t) => <UnitNames unitIds={t.leadUnits} /> },
                    { title: '状态', key: 'status', render: (_, t) => <Tag color={TASK_STATUS_COLOR[t.status]}>{t.status}</Tag> },
                    { title: '本期催报', key: 'urged', render: (_, t) => (urged.has(t.id) ? <Tag>已催报</Tag> : '—') },
                  ]}
                />
              </div>
            )}
          </LoadState>
          <Input.TextArea
            aria-label="催报说明"
            placeholder="催报说明（可选），如：请于三个工作日内报送"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={500}
            showCount
            style={{ marginTop: 12 }}
          />
        </>
      )}
      {error && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={error} fields={SUPERVISION_FIELD_LABEL} />
        </div>
      )}
    </Modal>
  );
}

function UnitNames({ unitIds }: { unitIds: string[] }) {
  const unitName = useUnitName();
  return <>{unitIds.map(unitName).join('、')}</>;
}

function TaskList({ title, tasks, color }: { title: string; tasks: DashboardTask[]; color: string }) {
  return (
    <Card
      size="small"
      title={
        <span style={{ color }}>
          {title}（{tasks.length}）
        </span>
      }
      data-testid={`list-${title}`}
    >
      {tasks.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`暂无${title}任务`} /> : <TaskTable tasks={tasks} />}
    </Card>
  );
}

function TaskTable({ tasks }: { tasks: DashboardTask[] }) {
  const unitName = useUnitName();
  return (
    <Table<DashboardTask>
      size="small"
      rowKey="id"
      pagination={tasks.length > 10 ? { pageSize: 10, size: 'small' } : false}
      dataSource={tasks}
      scroll={{ x: 'max-content' }}
      onRow={(task) => ({ onClick: () => navigate(`/tasks/${encodeURIComponent(task.id)}`), style: { cursor: 'pointer' } })}
      // A row opens by the click anywhere on it; from the keyboard, by the task's link (Tab, Enter).
      columns={[
        {
          title: '任务',
          key: 'title',
          render: (_, t) => (
            <Link to={`/tasks/${encodeURIComponent(t.id)}`} style={{ color: 'inherit' }}>
              <Tag>{t.code}</Tag>
              {t.title}
            </Link>
          ),
        },
        { title: '牵头单位', key: 'units', render: (_, t) => t.leadUnits.map(unitName).join('、') },
        {
          title: '进度',
          key: 'percent',
          width: 180,
          // The figure beside the bar, not inside antd's fixed-width label, which cut "100.8%" short.
          render: (_, t) => (
            <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 160 }}>
              <Progress
                percent={Math.min(100, t.percent)}
                size="small"
                showInfo={false}
                strokeColor={TASK_STATUS_COLOR[t.status]}
                style={{ flex: '1 1 80px', margin: 0 }}
                aria-hidden
              />
              <span className="numeric" style={{ whiteSpace: 'nowrap' }}>
                {t.percent}%
              </span>
            </div>
          ),
        },
        { title: '状态', key: 'status', render: (_, t) => <Tag color={TASK_STATUS_COLOR[t.status]}>{t.status}</Tag> },
        {
          title: '督办',
          key: 'notices',
          render: (_, t) =>
            t.notices.highestLevel ? (
              <span data-testid="task-notice-marker">
                <NoticeLevelTag level={t.notices.highestLevel} />
                {t.notices.open > 1 && <Typography.Text type="secondary">共 {t.notices.open} 件</Typography.Text>}
              </span>
            ) : (
              '—'
            ),
        },
        { title: '最近报告', key: 'last', render: (_, t) => (t.lastReport ? periodLabel(t.lastReport.period) : '—') },
      ]}
    />
  );
}
