import type { DataSource, EntityManager } from 'typeorm';
import {
  closedPeriods,
  percentOfTarget,
  schedulePercent,
  taskPercent,
  taskStatus,
  TASK_STATUS_LABELS,
  type IndicatorValue,
  type NoticeLevel,
  type TaskStatus,
} from '@ledger/domain';

export type StatusLabel = (typeof TASK_STATUS_LABELS)[TaskStatus];

export interface DashboardIndicator {
  id: string;
  name: string;
  target: number | null;
  unit: string | null;
  /** Signed-off value; null while nothing is signed off. */
  value: number | null;
  percent: number | null;
}

export interface DashboardTask {
  id: string;
  code: string;
  title: string;
  leadUnits: string[];
  status: StatusLabel;
  percent: number;
  lastReport: { id: string; period: string; status: string } | null;
  indicators: DashboardIndicator[];
  /** The task's 督办单 not yet closed (销号): how many, and the highest level among them (null when none). */
  notices: { open: number; highestLevel: NoticeLevel | null };
}

/** Open 督办单 by level. */
export type NoticeLevelCounts = Record<NoticeLevel, number>;

export interface Dashboard {
  plan: { id: string; title: string; year: number };
  asOf: string;
  schedulePercent: number;
  counts: { completed: number; onTrack: number; behind: number; overdue: number };
  /**
   * The plan's 督办单 not yet closed (销号), by level, counted on the 督办 board as it stands now:
   * `asOf` moves schedule progress and closed periods only, as it does for the reports on this
   * board. A notice as it stood at a moment is in the task's history (`/api/targets/{taskId}/history?asOf`).
   * A unit's view counts the notices sent to the unit.
   */
  notices: { open: NoticeLevelCounts & { total: number } };
  sections: Array<{ code: string; title: string; categories: Array<{ title: string; tasks: DashboardTask[] }> }>;
}

export interface DashboardOptions {
  asOf: string;
  planId?: string;
  /** Only the tasks this unit leads (a submitter's view). */
  unitId?: string;
  /**
   * The board as a month's report (月报) shows it: only reports of periods up to this one count,
   * and values are those signed off for them.
   */
  upToPeriod?: string;
}

interface PlanRecord {
  id: string;
  title: string;
  year: number;
  deadline_day: number;
}
interface TaskRecord {
  id: string;
  code: string;
  title: string;
  section: string;
  category: string;
  lead_units: string[];
}
interface IndicatorRecord {
  task_id: string;
  indicator_id: string;
  name: string;
  kind: 'cumulative' | 'rate' | 'standard' | 'decrease' | 'milestone' | 'qualitative';
  target: number | null;
  unit: string | null;
  comparator: '>=' | '>' | '<=' | '=';
}
interface ReportRecord {
  id: string;
  task_id: string;
  period: string;
  status: string;
  values: IndicatorValue[];
  updated_at: Date;
}

const LEVELS_HIGH_FIRST: readonly NoticeLevel[] = ['red', 'yellow', 'blue'];

const COUNT_KEYS: Record<TaskStatus, keyof Dashboard['counts']> = {
  completed: 'completed',
  on_track: 'onTrack',
  behind: 'behind',
  overdue: 'overdue',
};

/** The plan dashboard, or undefined when no plan is published. */
export async function loadDashboard(db: DataSource | EntityManager, options: DashboardOptions): Promise<Dashboard | undefined> {
  const plans: PlanRecord[] = await db.query(
    options.planId
      ? 'select id, title, year, deadline_day from rm_plans where id = $1'
      : 'select id, title, year, deadline_day from rm_plans order by year desc, id limit 1',
    options.planId ? [options.planId] : [],
  );
  const plan = plans[0];
  if (!plan) return undefined;
  const unitFilter = options.unitId ? ' and lead_units ? $2' : '';
  const taskParams = options.unitId ? [plan.id, options.unitId] : [plan.id];
  const [tasks, indicators, progress, reports, notices] = (await Promise.all([
    db.query(
      `select id, code, title, section, category, lead_units from rm_tasks where plan_id = $1${unitFilter} order by sort`,
      taskParams,
    ),
    db.query(
      `select i.task_id, i.indicator_id, i.name, i.kind, i.target, i.unit, i.comparator from rm_indicators i join rm_tasks t on t.id = i.task_id
        where t.plan_id = $1 order by i.task_id, i.sort`,
      [plan.id],
    ),
    db.query(`select p.task_id, p.indicator_id, p.value from rm_task_progress p join rm_tasks t on t.id = p.task_id where t.plan_id = $1`, [
      plan.id,
    ]),
    db.query(`select id, task_id, period, status, values, updated_at from rm_reports where plan_id = $1 order by period, updated_at, id`, [
      plan.id,
    ]),
    // Open notices only (the partial index rm_notices_open): the read stays the size of what is open, not of the year.
    db.query(
      `select task_id, level, count(*)::int as count from rm_notices
        where plan_id = $1 and status <> 'closed'${options.unitId ? ' and unit_ids ? $2' : ''} group by task_id, level`,
      taskParams,
    ),
  ])) as [
    TaskRecord[],
    IndicatorRecord[],
    Array<{ task_id: string; indicator_id: string; value: number }>,
    ReportRecord[],
    Array<{ task_id: string; level: NoticeLevel; count: number }>,
  ];

  const counted = options.upToPeriod ? reports.filter((r) => r.period <= options.upToPeriod!) : reports;
  const values = options.upToPeriod
    ? signedOffValues(counted)
    : new Map(progress.map((p) => [`${p.task_id}\u0000${p.indicator_id}`, p.value]));
  const schedule = schedulePercent(plan.year, options.asOf);
  const closed = closedPeriods(plan.year, { period: 'monthly', deadlineDay: plan.deadline_day }, options.asOf).filter(
    (period) => !options.upToPeriod || period <= options.upToPeriod,
  );
  const board = tasks.map((task) =>
    taskBoard({
      task,
      indicators: indicators.filter((i) => i.task_id === task.id),
      values,
      reports: counted.filter((r) => r.task_id === task.id),
      schedulePercent: schedule,
      closedPeriods: closed,
      openNotices: notices.filter((n) => n.task_id === task.id),
    }),
  );
  const openNotices = { blue: 0, yellow: 0, red: 0, total: 0 };
  for (const { level, count } of notices) {
    openNotices[level] += count;
    openNotices.total += count;
  }

  const counts = { completed: 0, onTrack: 0, behind: 0, overdue: 0 };
  const sections: Dashboard['sections'] = [];
  board.forEach(({ status, view }, index) => {
    counts[COUNT_KEYS[status]] += 1;
    const task = tasks[index]!;
    const [code, title] = splitSection(task.section);
    let section = sections.find((s) => s.code === code);
    if (!section) sections.push((section = { code, title, categories: [] }));
    let category = section.categories.find((c) => c.title === task.category);
    if (!category) section.categories.push((category = { title: task.category, tasks: [] }));
    category.tasks.push(view);
  });
  return {
    plan: { id: plan.id, title: plan.title, year: plan.year },
    asOf: options.asOf,
    schedulePercent: schedule,
    counts,
    notices: { open: openNotices },
    sections,
  };
}

/**
 * One task on the board: its indicators' signed-off values, its progress and its status. 逾期未报
 * when a closed period has no submitted report (a withdrawn one does not count).
 */
export function taskBoard(input: {
  task: TaskRecord;
  indicators: IndicatorRecord[];
  values: ReadonlyMap<string, number>;
  reports: ReportRecord[];
  schedulePercent: number;
  closedPeriods: string[];
  /** The task's open notices, counted per level. */
  openNotices?: ReadonlyArray<{ level: NoticeLevel; count: number }>;
}): { status: TaskStatus; view: DashboardTask } {
  const { task } = input;
  const progress = input.indicators.map((i) => ({ ...i, value: input.values.get(`${task.id}\u0000${i.indicator_id}`) ?? null }));
  const reported = new Set(input.reports.filter((r) => r.status !== 'withdrawn').map((r) => r.period));
  const status = taskStatus({
    indicators: progress,
    schedulePercent: input.schedulePercent,
    missingReport: input.closedPeriods.some((period) => !reported.has(period)),
  });
  const last = latestReport(input.reports);
  const open = input.openNotices ?? [];
  return {
    status,
    view: {
      id: task.id,
      code: task.code,
      title: task.title,
      leadUnits: task.lead_units,
      status: TASK_STATUS_LABELS[status],
      percent: taskPercent(progress),
      lastReport: last ? { id: last.id, period: last.period, status: last.status } : null,
      indicators: progress.map((i) => ({
        id: i.indicator_id,
        name: i.name,
        target: i.target,
        unit: i.unit,
        value: i.value,
        percent: i.value === null ? null : percentOfTarget(i, i.value),
      })),
      notices: {
        open: open.reduce((sum, n) => sum + n.count, 0),
        highestLevel: LEVELS_HIGH_FIRST.find((level) => open.some((n) => n.level === level && n.count > 0)) ?? null,
      },
    },
  };
}

/** The report of the latest period; within a period, the last one touched (a withdrawn one only when it is all there is). */
function latestReport(reports: ReportRecord[]): ReportRecord | undefined {
  const live = reports.filter((r) => r.status !== 'withdrawn');
  const pool = live.length > 0 ? live : reports;
  return [...pool]
    .sort((a, b) => (a.period === b.period ? a.updated_at.getTime() - b.updated_at.getTime() : a.period < b.period ? -1 : 1))
    .pop();
}

/** Per indicator, the value of the latest signed-off period among these reports (reports come ordered by period). */
function signedOffValues(reports: ReportRecord[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const report of reports) {
    if (report.status !== 'signed_off') continue;
    for (const { indicatorId, value } of report.values) values.set(`${report.task_id}\u0000${indicatorId}`, value);
  }
  return values;
}

function splitSection(section: string): [string, string] {
  const at = section.indexOf('、');
  return at < 0 ? ['', section] : [section.slice(0, at), section.slice(at + 1)];
}
