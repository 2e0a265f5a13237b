import { DEFAULT_BEHIND_TOLERANCE, meetsTarget, taskPercent, type IndicatorProgress } from './status';

/**
 * A task is judged on two questions that do not overrule each other: does its unit report
 * (reporting), and does its signed-off progress keep up with 序时进度 (progress). The single
 * `TaskStatus` let 逾期未报 hide 进度滞后; these keep both visible, and the light sums them up.
 */
export type ReportingStatus = 'on_time' | 'late' | 'overdue';
export type ProgressStatus = 'completed' | 'on_track' | 'behind';
export type TaskLight = 'green' | 'yellow' | 'red';

export const REPORTING_STATUS_LABELS: Record<ReportingStatus, string> = { on_time: '按时', late: '已补报', overdue: '逾期未报' };
export const PROGRESS_STATUS_LABELS: Record<ProgressStatus, string> = { completed: '已完成', on_track: '正常推进', behind: '进度滞后' };
export const TASK_LIGHT_LABELS: Record<TaskLight, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

/** What each light means, as the dashboard's legend says it (the rule is `taskLight`). */
export const TASK_LIGHT_MEANINGS: Record<TaskLight, string> = {
  red: '逾期未报（目标未完成），或完成进度低于序时进度 20 个百分点以上',
  yellow: '进度滞后（低于序时进度 10 个百分点以上），或已补报，或目标已完成但本期逾期未报',
  green: '按时报送且进度正常或已完成',
};

/** A task's live (not withdrawn) report of one period, by when it was first submitted. */
export interface PeriodReport {
  period: string;
  firstSubmittedAt: string;
}

/**
 * Reporting, judged on the latest closed period (values are cumulative as of a period's end, so
 * a report of that period or of a later one covers every month before it; a month skipped
 * earlier stays on the unit's scorecard, not on the board):
 * 逾期未报 when no live report covers it; 已补报 when the covering report was first submitted
 * after that period's deadline; 按时 otherwise, and while no period has closed yet.
 */
export function reportingStatus(input: {
  reports: readonly PeriodReport[];
  /** Closed periods in order (`closedPeriods`). */
  closedPeriods: readonly string[];
  deadlineOf(period: string): string;
}): ReportingStatus {
  const latest = input.closedPeriods[input.closedPeriods.length - 1];
  if (latest === undefined) return 'on_time';
  const covering = input.reports.filter((report) => report.period >= latest);
  if (covering.length === 0) return 'overdue';
  const first = Math.min(...covering.map((report) => Date.parse(report.firstSubmittedAt)));
  return first > Date.parse(input.deadlineOf(latest)) ? 'late' : 'on_time';
}

/** 已完成 when every indicator meets its target; 进度滞后 when progress trails 序时进度 by more than the tolerance; else 正常推进. */
export function progressStatus(input: { indicators: IndicatorProgress[]; schedulePercent: number; tolerance?: number }): ProgressStatus {
  if (input.indicators.length > 0 && input.indicators.every(meetsTarget)) return 'completed';
  if (taskPercent(input.indicators) < input.schedulePercent - (input.tolerance ?? DEFAULT_BEHIND_TOLERANCE)) return 'behind';
  return 'on_track';
}

/**
 * 红黄绿灯: red when a report is overdue on a task not yet done, or progress trails 序时进度 by
 * more than twice the tolerance (lagging badly); yellow when lagging, reported late, or done but
 * this period's report is still owed; green otherwise.
 */
export function taskLight(input: {
  reporting: ReportingStatus;
  progress: ProgressStatus;
  percent: number;
  schedulePercent: number;
  tolerance?: number;
}): TaskLight {
  const tolerance = input.tolerance ?? DEFAULT_BEHIND_TOLERANCE;
  const done = input.progress === 'completed';
  if (!done && (input.reporting === 'overdue' || input.percent < input.schedulePercent - 2 * tolerance)) return 'red';
  if (input.progress === 'behind' || input.reporting !== 'on_time') return 'yellow';
  return 'green';
}
