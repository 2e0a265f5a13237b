import type { Target } from '../progress';
import { percentOfTarget } from '../progress';

export type TaskStatus = 'completed' | 'on_track' | 'behind' | 'overdue';

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  completed: '已完成',
  on_track: '正常推进',
  behind: '进度滞后',
  overdue: '逾期未报',
};

/** How far below schedule progress a task may be before it counts as behind. */
export const DEFAULT_BEHIND_TOLERANCE = 10;

export interface IndicatorProgress extends Target {
  /** Signed-off value, or null when nothing has been signed off. */
  value: number | null;
}

/** Whether a signed-off value meets the indicator's target. */
export function meetsTarget(indicator: IndicatorProgress): boolean {
  const { value, target, comparator, kind } = indicator;
  if (value === null) return false;
  if (kind === 'milestone' || kind === 'qualitative' || target === null) return value >= 1;
  switch (comparator) {
    case '>=':
      return value >= target;
    case '>':
      return value > target;
    case '<=':
      return value <= target;
    case '=':
      return value === target;
  }
}

/**
 * A task's progress: the mean of its numeric indicators' percent of target, each capped at 100
 * (one indicator far ahead does not hide another behind). Tasks of narrative duties only count
 * done duties.
 */
export function taskPercent(indicators: IndicatorProgress[]): number {
  const numeric = indicators.filter((i) => i.kind !== 'milestone' && i.kind !== 'qualitative');
  const counted = numeric.length > 0 ? numeric : indicators;
  if (counted.length === 0) return 0;
  const sum = counted.reduce((total, i) => total + (i.value === null ? 0 : Math.min(100, percentOfTarget(i, i.value))), 0);
  return Math.round((sum / counted.length) * 100) / 100;
}

/**
 * 已完成 when every indicator meets its target; otherwise 逾期未报 when a closed period has no
 * report; otherwise 进度滞后 when progress trails schedule progress by more than the tolerance;
 * otherwise 正常推进.
 */
export function taskStatus(input: {
  indicators: IndicatorProgress[];
  schedulePercent: number;
  missingReport: boolean;
  tolerance?: number;
}): TaskStatus {
  if (input.indicators.length > 0 && input.indicators.every(meetsTarget)) return 'completed';
  if (input.missingReport) return 'overdue';
  if (taskPercent(input.indicators) < input.schedulePercent - (input.tolerance ?? DEFAULT_BEHIND_TOLERANCE)) return 'behind';
  return 'on_track';
}
