import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Progress,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, type Dashboard, type DashboardFilter, type DashboardTask, type TaskLight, type UrgeOutcome } from '../api';
import { LoadState, NoticeLevelTag, PageTitle, ProblemAlert, useUnitName } from '../components/common';
import { ProgressChart, type Bar } from '../components/ProgressChart';
import {
  LIGHT_COLOR,
  LIGHT_LABEL,
  LIGHT_MEANING,
  LIGHTS,
  PROGRESS_COLOR,
  PROGRESS_LABEL,
  REPORTING_COLOR,
  REPORTING_LABEL,
} from '../dashboard-labels';
import { NOTICE_LEVEL_LABEL, NOTICE_LEVELS, SUPERVISION_FIELD_LABEL, URGERS } from '../labels';
import { chinaDate } from '../china-time';
import { releaseFirstView } from '../first-view/handoff';
import { asApiError, useLoad } from '../load';
import { takePrefetched } from '../prefetch';
import { defaultPeriod, periodLabel } from '../period';
import { Link, navigate } from '../router';
import { mayOpen } from '../routes';
import { useUser } from '../session';
import { unreportedTasks, urgeablePeriods, urgeOutcomeText } from '../supervision';

/** Who may export the 月报 (the API's rule for /api/exports/monthly.xlsx). */
const EXPORTERS = ['auditor', 'coordinator', 'office', 'admin'];

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
  const [filter, setFilter] = useState<DashboardFilter>({});
  // Unfiltered, the first load takes the answer the shell asked for while this page's code loaded.
  const dashboard = useLoad(
    () => (Object.values(filter).some(Boolean) ? undefined : takePrefetched<Dashboard>('dashboard')) ?? api.dashboard(filter),
    [JSON.stringify(filter)],
  );
  // The page stands (its figures, or why there are none): the first view it replaces goes.
  const settled = !dashboard.loading;
  useEffect(() => {
    if (settled) releaseFirstView();
  }, [settled]);
  return (
    <LoadState loaded={dashboard}>
      {(data) => <DashboardView dashboard={data} filter={filter} onFilter={setFilter} loading={dashboard.loading} />}
    </LoadState>
  );
}

/** The filter's query for the 月报 export: the month of the moment shown, at that moment, the same tasks. */
export function exportPath(filter: DashboardFilter, dashboard: Pick<Dashboard, 'asOf' | 'plan'>): string {
  const moment = dayjs(dashboard.asOf);
  const month = moment.year() > dashboard.plan.year ? `${dashboard.plan.year}-12` : moment.format('YYYY-MM');
  const params = new URLSearchParams({ period: month });
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return `/api/exports/monthly.xlsx?${params.toString()}`;
}

function DashboardFilters({
  dashboard,
  filter,
  onFilter,
  loading,
}: {
  dashboard: Dashboard;
  filter: DashboardFilter;
  onFilter(next: DashboardFilter): void;
  loading: boolean;
}) {
  const { message } = App.useApp();
  const user = useUser();
  const unitName = useUnitName();
  const [search, setSearch] = useState(filter.search ?? '');
  const set = (change: Partial<DashboardFilter>) => onFilter({ ...filter, ...change });
  const options = <T extends string>(labels: Record<T, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
  const filtered = Object.entries(filter).some(([key, value]) => key !== 'asOf' && value);
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="dashboard-filters" className="no-print">
      <Space wrap>
        <Select
          aria-label="牵头单位"
          placeholder="牵头单位"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 200 }}
          value={filter.leadUnit}
          onChange={(leadUnit) => set({ leadUnit })}
          options={dashboard.facets.leadUnits.map((code) => ({ value: code, label: unitName(code) }))}
        />
        <Select
          aria-label="类别"
          placeholder="类别"
          allowClear
          style={{ width: 240 }}
          value={filter.category}
          onChange={(category) => set({ category })}
          options={dashboard.facets.categories.map((title) => ({ value: title, label: title.split(' / ').pop() }))}
        />
        <Select
          aria-label="报送情况"
          placeholder="报送情况"
          allowClear
          style={{ width: 120 }}
          value={filter.reporting}
          onChange={(reporting) => set({ reporting })}
          options={options(REPORTING_LABEL)}
        />
        <Select
          aria-label="进度情况"
          placeholder="进度情况"
          allowClear
          style={{ width: 120 }}
          value={filter.progress}
          onChange={(progress) => set({ progress })}
          options={options(PROGRESS_LABEL)}
        />
        <Select
          aria-label="红黄绿灯"
          placeholder="红黄绿灯"
          allowClear
          style={{ width: 110 }}
          value={filter.light}
          onChange={(light) => set({ light })}
          options={options(LIGHT_LABEL)}
        />
        <Input.Search
          aria-label="搜索任务"
          placeholder="任务编号或名称"
          allowClear
          style={{ width: 220 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(value) => set({ search: value.trim() || undefined })}
        />
        <DatePicker
          aria-label="截至日期"
          placeholder="截至今日"
          value={filter.asOf ? dayjs(filter.asOf) : null}
          // The end of the chosen day: the board as it stood when that day was over.
          onChange={(value: Dayjs | null) => set({ asOf: value ? value.endOf('day').toISOString() : undefined })}
        />
        {(filtered || filter.asOf) && (
          <Button
            onClick={() => {
              setSearch('');
              onFilter({});
            }}
          >
            清除筛选
          </Button>
        )}
        <Button onClick={() => window.print()}>打印</Button>
        {EXPORTERS.includes(user.role) && (
          <Button
            loading={loading}
            onClick={() => api.download(exportPath(filter, dashboard), '月报.xlsx').catch((e) => message.error(asApiError(e).detail))}
          >
            导出 Excel
          </Button>
        )}
      </Space>
    </Card>
  );
}

/** The counts of each dimension and the lights with what each colour means. */
function DimensionCounts({ dashboard }: { dashboard: Dashboard }) {
  const group = <T extends string>(title: string, labels: Record<T, string>, counts: Record<T, number>, colors: Record<T, string>) => (
    <Col xs={24} md={8}>
      <Card size="small" title={title} data-testid={`counts-${title}`}>
        <Row gutter={8}>
          {(Object.keys(labels) as T[]).map((code) => (
            <Col key={code} span={8}>
              <Statistic
                title={labels[code]}
                value={counts[code]}
                styles={{ content: { color: colors[code] } }}
                data-testid={`count-${labels[code]}`}
              />
            </Col>
          ))}
        </Row>
      </Card>
    </Col>
  );
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {group('报送情况', REPORTING_LABEL, dashboard.reporting, REPORTING_COLOR)}
      {group('进度情况', PROGRESS_LABEL, dashboard.progress, PROGRESS_COLOR)}
      <Col xs={24} md={8}>
        <Card size="small" title="红黄绿灯" data-testid="light-legend">
          {LIGHTS.map((light) => (
            <div key={light} style={{ display: 'flex', gap: 8, alignItems: 'baseline', marginBottom: 4 }}>
              <LightDot light={light} />
              <Typography.Text strong style={{ minWidth: 72 }} data-testid={`count-${LIGHT_LABEL[light]}`}>
                {LIGHT_LABEL[light]} {dashboard.lights[light]}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {LIGHT_MEANING[light]}
              </Typography.Text>
            </div>
          ))}
        </Card>
      </Col>
    </Row>
  );
}

function LightDot({ light }: { light: TaskLight }) {
  return (
    <span
      role="img"
      aria-label={LIGHT_LABEL[light]}
      style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 6, background: LIGHT_COLOR[light], flex: 'none' }}
    />
  );
}

function DashboardView({
  dashboard,
  filter,
  onFilter,
  loading,
}: {
  dashboard: Dashboard;
  filter: DashboardFilter;
  onFilter(next: DashboardFilter): void;
  loading: boolean;
}) {
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
      color: LIGHT_COLOR[t.light],
    }));
  }, [dashboard, groups, group, tasks, view]);
  // Each list by its own dimension: a task overdue on its report and lagging is on both.
  const behind = tasks.filter((t) => t.progress === 'behind');
  const overdue = tasks.filter((t) => t.reporting === 'overdue');

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
        <Col xs={24} md={8} xl={16}>
          <Card size="small">
            <Statistic title="截至" value={chinaDate(dashboard.asOf)} />
          </Card>
        </Col>
      </Row>

      <DashboardFilters dashboard={dashboard} filter={filter} onFilter={onFilter} loading={loading} />
      <DimensionCounts dashboard={dashboard} />
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
          <TaskList title="进度滞后" tasks={behind} color={PROGRESS_COLOR.behind} />
        </Col>
        <Col xs={24} xxl={12}>
          <TaskList title="逾期未报" tasks={overdue} color={REPORTING_COLOR.overdue} />
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
                    {
                      title: '报送情况',
                      key: 'reporting',
                      render: (_, t) => <Tag color={REPORTING_COLOR[t.reporting]}>{REPORTING_LABEL[t.reporting]}</Tag>,
                    },
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
                strokeColor={PROGRESS_COLOR[t.progress]}
                style={{ flex: '1 1 80px', margin: 0 }}
                aria-hidden
              />
              <span className="numeric" style={{ whiteSpace: 'nowrap' }}>
                {t.percent}%
              </span>
            </div>
          ),
        },
        {
          title: '灯',
          key: 'light',
          render: (_, t) => (
            <span data-testid="task-light">
              <LightDot light={t.light} />
            </span>
          ),
        },
        {
          title: '报送情况',
          key: 'reporting',
          render: (_, t) => <Tag color={REPORTING_COLOR[t.reporting]}>{REPORTING_LABEL[t.reporting]}</Tag>,
        },
        {
          title: '进度情况',
          key: 'progress',
          render: (_, t) => <Tag color={PROGRESS_COLOR[t.progress]}>{PROGRESS_LABEL[t.progress]}</Tag>,
        },
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
