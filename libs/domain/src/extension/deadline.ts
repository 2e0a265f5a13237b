import { endOfCstDay } from '../document-checks';
import { reportDeadline, type PlanCalendar } from '../target/calendar';
import type { ExtensionState } from './state';

/** A lead unit's report of one period of one task: the reports (and the extensions) are the unit's own. */
export interface UnitPeriod {
  taskId: string;
  unitId: string;
  period: string;
}

/** When a unit's report of a period is due, and what set it. */
export interface PeriodDeadline {
  /** The deadline in force: a report first submitted after it is late (逾期). */
  deadline: string;
  /** The plan calendar's deadline (the end of its deadline day in the following month). */
  calendarDeadline: string;
  /** The approved 延期申请 that moved the deadline, when one did. */
  extensionId?: string;
}

/** An extension's `until` as an instant: a day (YYYY-MM-DD) means its end in China time. */
export function extendedDeadline(until: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? endOfCstDay(until) : until;
}

/**
 * The deadline an approved extension sets for a period of a task's calendar: its `until`, when
 * that is later than the plan's deadline; undefined when it is not (an extension never brings a
 * deadline forward). The supervision workflow and its reconciliation both keep it so.
 */
export function laterDeadline(period: string, until: string, calendar: PlanCalendar): string | undefined {
  const deadline = extendedDeadline(until);
  return Date.parse(deadline) > Date.parse(reportDeadline(period, calendar)) ? deadline : undefined;
}

/**
 * The report deadline in force for a unit's period: the plan calendar's, unless an approved
 * extension of that unit, task and period moves it later (the latest one wins; an extension
 * never brings a deadline forward, as the supervision workflow's periodDeadlineExtended handler has it).
 */
export function periodDeadlineInForce(of: UnitPeriod, calendar: PlanCalendar, extensions: readonly ExtensionState[]): PeriodDeadline {
  const calendarDeadline = reportDeadline(of.period, calendar);
  let answer: PeriodDeadline = { deadline: calendarDeadline, calendarDeadline };
  for (const extension of extensions) {
    if (extension.status !== 'approved' || extension.noticeId !== undefined) continue;
    if (extension.taskId !== of.taskId || extension.unitId !== of.unitId || extension.period !== of.period) continue;
    const deadline = extendedDeadline(extension.until);
    if (Date.parse(deadline) > Date.parse(answer.deadline)) answer = { deadline, calendarDeadline, extensionId: extension.extensionId };
  }
  return answer;
}
