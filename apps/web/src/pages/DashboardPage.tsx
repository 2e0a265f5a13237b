import { Card, Col, Collapse, Empty, Progress, Row, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, type Dashboard, type DashboardTask, type TaskStatus } from '../api';
import { LoadState, PageTitle, useUnitName } from '../components/common';
import { ProgressChart, type Bar } from '../components/ProgressChart';
import { useLoad } from '../load';
import { periodLabel } from '../period';
import { navigate } from '../router';

export const TASK_STATUS_COLOR: Record<TaskStatus, string> = {
  已完成: '#389e0d',
  正常推进: '#1677ff',
  进度滞后: '#fa8c16',
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
      <PageTitle>{dashboard.plan.title}</PageTitle>
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
        <Col xs={24} xl={12}>
          <TaskList title="进度滞后" tasks={behind} color={TASK_STATUS_COLOR.进度滞后} />
        </Col>
        <Col xs={24} xl={12}>
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
    </>
  );
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
      columns={[
        {
          title: '任务',
          key: 'title',
          render: (_, t) => (
            <span>
              <Tag>{t.code}</Tag>
              {t.title}
            </span>
          ),
        },
        { title: '牵头单位', key: 'units', render: (_, t) => t.leadUnits.map(unitName).join('、') },
        {
          title: '进度',
          key: 'percent',
          width: 160,
          render: (_, t) => (
            <Progress
              percent={Math.min(100, t.percent)}
              size="small"
              format={() => `${t.percent}%`}
              strokeColor={TASK_STATUS_COLOR[t.status]}
            />
          ),
        },
        { title: '状态', key: 'status', render: (_, t) => <Tag color={TASK_STATUS_COLOR[t.status]}>{t.status}</Tag> },
        { title: '最近报告', key: 'last', render: (_, t) => (t.lastReport ? periodLabel(t.lastReport.period) : '—') },
      ]}
    />
  );
}
