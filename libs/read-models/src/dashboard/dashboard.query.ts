import type { DataSource, EntityManager } from 'typeorm';
import {
  closedPeriods,
  percentOfTarget,
  progressStatus,
  reportDeadline,
  reportingStatus,
  schedulePercent,
  taskLight,
  taskPercent,
  taskStatus,
  TASK_STATUS_LABELS,
  type IndicatorValue,
  type NoticeLevel,
  type ProgressStatus,
  type ReportingStatus,
  type TaskLight,
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
  /**
   * The one-word status bulletins print (已完成 before 逾期未报 before 进度滞后). The board shows
   * the two dimensions below instead, which never hide each other.
   */
  status: StatusLabel;
  /** Does the unit report: 按时 / 已补报 / 逾期未报 (the latest closed period; see `reportingStatus`). */
  reporting: ReportingStatus;
  /** Does signed-off progress keep up with 序时进度: 已完成 / 正常推进 / 进度滞后. */
  progress: ProgressStatus;
  /** 红黄绿灯 (`taskLight`). */
  light: TaskLight;
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
  /** By the one-word status (what bulletins count), over the tasks shown. */
  counts: { completed: number; onTrack: number; behind: number; overdue: number };
  /** Each dimension counted on its own over the tasks shown: a task is in one reporting and one progress count. */
  reporting: Record<ReportingStatus, number>;
  progress: Record<ProgressStatus, number>;
  lights: Record<TaskLight, number>;
  /** What the filters can pick from: every category and lead unit of the tasks visible before filtering. */
  facets: { categories: string[]; leadUnits: string[] };
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
  /** Which tasks to show (and count); the facets still list every category and unit. */
  filter?: DashboardFilter;
}

export interface DashboardFilter {
  /** A lead unit (牵头单位) code. */
  leadUnit?: string;
  category?: string;
  reporting?: ReportingStatus;
  progress?: ProgressStatus;
  light?: TaskLight;
  /** Words in the task's code or title. */
  search?: string;
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
/** One task's month as the task board projection keeps it (rm_task_periods). */
interface PeriodRecord {
  task_id: string;
  period: string;
  /** First submission among its live reports; null when every report of the month was withdrawn. */
  first_submitted_at: Date | null;
  last_report_id: string;
  last_report_status: string;
  last_report_at: Date;
  signed_values: IndicatorValue[] | null;
}

const LEVELS_HIGH_FIRST: readonly NoticeLevel[] = ['red', 'yellow', 'blue'];

const COUNT_KEYS: Record<TaskStatus, keyof Dashboard['counts']> = {
  completed: 'completed',
  on_track: 'onTrack',
  behind: 'behind',
  overdue: 'overdue',
};

/**
 * The plan dashboard, or undefined when no plan is published. It reads the catalog, the signed-off
 * progress and the task board (one row per task and month), never the reports themselves: the read
 * is as large as the plan, whatever the number of reports. `asOf` and `upToPeriod` move which
 * months count and the schedule; they read the same rows.
 */
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
  const [tasks, indicators, progress, periods, notices] = (await Promise.all([
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
    db.query(
      `select p.task_id, p.period, p.first_submitted_at, p.last_report_id, p.last_report_status, p.last_report_at, p.signed_values
         from rm_task_periods p join rm_tasks t on t.id = p.task_id where t.plan_id = $1 order by p.period`,
      [plan.id],
    ),
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
    PeriodRecord[],
    Array<{ task_id: string; level: NoticeLevel; count: number }>,
  ];

  const counted = options.upToPeriod ? periods.filter((p) => p.period <= options.upToPeriod!) : periods;
  const values = options.upToPeriod
    ? signedOffValues(counted)
    : new Map(progress.map((p) => [`${p.task_id}\u0000${p.indicator_id}`, p.value]));
  const schedule = schedulePercent(plan.year, options.asOf);
  const calendar = { period: 'monthly' as const, deadlineDay: plan.deadline_day };
  const closed = closedPeriods(plan.year, calendar, options.asOf).filter((period) => !options.upToPeriod || period <= options.upToPeriod);
  const byTask = <T extends { task_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.task_id, [...(map.get(row.task_id) ?? []), row]);
    return map;
  };
  const [indicatorsOf, periodsOf, noticesOf] = [byTask(indicators), byTask(counted), byTask(notices)];
  const board = tasks.map((task) => ({
    task,
    ...taskBoard({
      task,
      indicators: indicatorsOf.get(task.id) ?? [],
      values,
      periods: periodsOf.get(task.id) ?? [],
      schedulePercent: schedule,
      closedPeriods: closed,
      deadlineOf: (period) => reportDeadline(period, calendar),
      openNotices: noticesOf.get(task.id) ?? [],
    }),
  }));
  const facets = {
    categories: [...new Set(tasks.map((t) => t.category))],
    leadUnits: [...new Set(tasks.flatMap((t) => t.lead_units))].sort(),
  };
  const shown = board.filter(({ task, view }) => matches(task, view, options.filter ?? {}));
  const shownTasks = new Set(shown.map(({ task }) => task.id));

  const openNotices = { blue: 0, yellow: 0, red: 0, total: 0 };
  for (const { task_id, level, count } of notices) {
    if (!shownTasks.has(task_id)) continue;
    openNotices[level] += count;
    openNotices.total += count;
  }

  const counts = { completed: 0, onTrack: 0, behind: 0, overdue: 0 };
  const reporting: Dashboard['reporting'] = { on_time: 0, late: 0, overdue: 0 };
  const progressCounts: Dashboard['progress'] = { completed: 0, on_track: 0, behind: 0 };
  const lights: Dashboard['lights'] = { green: 0, yellow: 0, red: 0 };
  const sections: Dashboard['sections'] = [];
  for (const { task, status, view } of shown) {
    counts[COUNT_KEYS[status]] += 1;
    reporting[view.reporting] += 1;
    progressCounts[view.progress] += 1;
    lights[view.light] += 1;
    const [code, title] = splitSection(task.section);
    let section = sections.find((s) => s.code === code);
    if (!section) sections.push((section = { code, title, categories: [] }));
    let category = section.categories.find((c) => c.title === task.category);
    if (!category) section.categories.push((category = { title: task.category, tasks: [] }));
    category.tasks.push(view);
  }
  return {
    plan: { id: plan.id, title: plan.title, year: plan.year },
    asOf: options.asOf,
    schedulePercent: schedule,
    counts,
    reporting,
    progress: progressCounts,
    lights,
    facets,
    notices: { open: openNotices },
    sections,
  };
}

function matches(task: TaskRecord, view: DashboardTask, filter: DashboardFilter): boolean {
  if (filter.leadUnit && !task.lead_units.includes(filter.leadUnit)) return false;
  if (filter.category && task.category !== filter.category) return false;
  if (filter.reporting && view.reporting !== filter.reporting) return false;
  if (filter.progress && view.progress !== filter.progress) return false;
  if (filter.light && view.light !== filter.light) return false;
  const words = (filter.search ?? '').trim().split(/\s+/).filter(Boolean);
  const text = `${task.code} ${task.title}`.toLowerCase();
  return words.every((word) => text.includes(word.toLowerCase()));
}

/**
 * One task on the board: its indicators' signed-off values, its progress, its reporting, its
 * light, and the one-word status bulletins print (逾期未报 when a closed period has no report
 * covering it).
 */
export function taskBoard(input: {
  task: TaskRecord;
  indicators: IndicatorRecord[];
  values: ReadonlyMap<string, number>;
  /** The task's months that have reports, in period order. */
  periods: readonly PeriodRecord[];
  schedulePercent: number;
  closedPeriods: string[];
  deadlineOf(period: string): string;
  /** The task's open notices, counted per level. */
  openNotices?: ReadonlyArray<{ level: NoticeLevel; count: number }>;
}): { status: TaskStatus; view: DashboardTask } {
  const { task } = input;
  const progress = input.indicators.map((i) => ({ ...i, value: input.values.get(`${task.id}\u0000${i.indicator_id}`) ?? null }));
  const live = input.periods.flatMap((p) =>
    p.first_submitted_at ? [{ period: p.period, firstSubmittedAt: p.first_submitted_at.toISOString() }] : [],
  );
  const reporting = reportingStatus({ reports: live, closedPeriods: input.closedPeriods, deadlineOf: input.deadlineOf });
  const progressed = progressStatus({ indicators: progress, schedulePercent: input.schedulePercent });
  const percent = taskPercent(progress);
  const status = taskStatus({ indicators: progress, schedulePercent: input.schedulePercent, missingReport: reporting === 'overdue' });
  const last = latestReport(input.periods);
  const open = input.openNotices ?? [];
  return {
    status,
    view: {
      id: task.id,
      code: task.code,
      title: task.title,
      leadUnits: task.lead_units,
      status: TASK_STATUS_LABELS[status],
      reporting,
      progress: progressed,
      light: taskLight({ reporting, progress: progressed, percent, schedulePercent: input.schedulePercent }),
      percent,
      lastReport: last ? { id: last.last_report_id, period: last.period, status: last.last_report_status } : null,
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

/** The month whose report the board names: the latest with a live report, else the latest withdrawn one. */
function latestReport(periods: readonly PeriodRecord[]): PeriodRecord | undefined {
  const live = periods.filter((p) => p.last_report_status !== 'withdrawn');
  return (live.length > 0 ? live : periods).at(-1);
}

/** Per indicator, the value of the latest signed-off month among these (they come ordered by period). */
function signedOffValues(periods: readonly PeriodRecord[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const period of periods) {
    for (const { indicatorId, value } of period.signed_values ?? []) values.set(`${period.task_id}\u0000${indicatorId}`, value);
  }
  return values;
}

function splitSection(section: string): [string, string] {
  const at = section.indexOf('、');
  return at < 0 ? ['', section] : [section.slice(0, at), section.slice(at + 1)];
}
