import type { Target } from '../progress';
import { percentOfTarget } from '../progress';
import type { IndicatorValue } from '../report/events';
import { periodBounds, schedulePercent } from './calendar';
import type { TargetEvent } from './events';
import { DEFAULT_BEHIND_TOLERANCE, meetsTarget, taskPercent } from './status';

/** What supervision knows of a task: its plan facts. */
export interface TargetFacts {
  planId: string;
  taskId: string;
  year: number;
  leadUnits: string[];
  indicators: Array<Target & { id: string }>;
  tolerance?: number;
}

/** The supervision state of a task, carried from one workflow run to the next. */
export interface TargetState {
  /** Latest signed-off value per indicator, and the period it is as of. */
  latest: Record<string, { value: number; period: string }>;
  /** Periods with a report filed and not withdrawn: report id → period. */
  filed: Record<string, string>;
  behindPeriods: string[];
  completed: boolean;
}

export const initialTargetState: TargetState = { latest: {}, filed: {}, behindPeriods: [], completed: false };

export function evolveTarget(state: TargetState, event: TargetEvent): TargetState {
  switch (event.type) {
    case 'ProgressRecorded': {
      const latest = { ...state.latest };
      for (const { indicatorId, value } of event.data.indicators) {
        const current = latest[indicatorId];
        if (!current || current.period <= event.data.period) latest[indicatorId] = { value, period: event.data.period };
      }
      return { ...state, latest };
    }
    case 'TaskFellBehind':
      return { ...state, behindPeriods: [...state.behindPeriods, event.data.period] };
    case 'TaskCompleted':
      return { ...state, completed: true };
    case 'ReportingPeriodOpened':
    case 'ReportReminderIssued':
    case 'PeriodReportMissing':
      return state;
  }
}

/** Reports filed or withdrawn are facts the workflow keeps (they are recorded in report streams). */
export function noteReportFiled(state: TargetState, report: { reportId: string; period: string; withdrawn: boolean }): TargetState {
  const filed = { ...state.filed };
  if (report.withdrawn) delete filed[report.reportId];
  else filed[report.reportId] = report.period;
  return { ...state, filed };
}

export function hasReportFor(state: TargetState, period: string): boolean {
  return Object.values(state.filed).includes(period);
}

/**
 * Signed-off progress for a period: recorded against schedule progress at the period's end;
 * 进度滞后 when behind by more than the tolerance (once per period), 已完成 once every
 * indicator meets its target.
 */
export function recordSignedOff(
  state: TargetState,
  facts: TargetFacts,
  signedOff: { reportId: string; period: string; values: IndicatorValue[] },
  at: string,
): TargetEvent[] {
  const base = { planId: facts.planId, taskId: facts.taskId, at, period: signedOff.period };
  const byId = new Map(facts.indicators.map((indicator) => [indicator.id, indicator]));
  const indicators = signedOff.values
    .filter(({ indicatorId }) => byId.has(indicatorId))
    .map(({ indicatorId, value }) => ({ indicatorId, value, percent: percentOfTarget(byId.get(indicatorId)!, value) }));
  const recorded: TargetEvent = {
    type: 'ProgressRecorded',
    data: {
      ...base,
      reportId: signedOff.reportId,
      indicators,
      taskPercent: 0,
      schedulePercent: schedulePercent(facts.year, periodBounds(signedOff.period).end),
    },
  };
  const after = evolveTarget(state, recorded);
  const progress = facts.indicators.map((indicator) => ({ ...indicator, value: after.latest[indicator.id]?.value ?? null }));
  recorded.data.taskPercent = taskPercent(progress);
  const events: TargetEvent[] = [recorded];
  const tolerance = facts.tolerance ?? DEFAULT_BEHIND_TOLERANCE;
  if (!state.completed && progress.length > 0 && progress.every(meetsTarget)) {
    events.push({ type: 'TaskCompleted', data: base });
  } else if (recorded.data.taskPercent < recorded.data.schedulePercent - tolerance && !state.behindPeriods.includes(signedOff.period)) {
    events.push({
      type: 'TaskFellBehind',
      data: { ...base, taskPercent: recorded.data.taskPercent, schedulePercent: recorded.data.schedulePercent, tolerance },
    });
  }
  return events;
}
