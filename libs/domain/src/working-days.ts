import { CHINA_HOLIDAY_SCHEDULES, type HolidaySchedule } from './public-holidays';

// Deadlines are counted in working days at China Standard Time (UTC+8, no daylight saving).
const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Whether a China Standard Time calendar day, counted in days since 1970-01-01, is a working day. */
export type WorkingCalendar = (cstDay: number) => boolean;

/** 1970-01-01 was a Thursday: day 0 is weekday 4 (Sunday = 0). */
const isWeekend = (cstDay: number): boolean => {
  const weekday = (cstDay + 4) % 7;
  return weekday === 0 || weekday === 6;
};

/** Monday to Friday, every week: how deadlines were counted before public holidays were known. */
export const WEEKENDS_ONLY: WorkingCalendar = (cstDay) => !isWeekend(cstDay);

/** Monday to Friday, except the public holidays, plus the weekend days worked in exchange. */
export function workingCalendar(schedules: readonly HolidaySchedule[]): WorkingCalendar {
  const daysOff = new Set<number>();
  const workingWeekendDays = new Set<number>();
  for (const schedule of schedules) {
    for (const [from, to] of schedule.daysOff) {
      for (let day = cstDayOf(from); day <= cstDayOf(to); day += 1) daysOff.add(day);
    }
    for (const date of schedule.workingWeekendDays) workingWeekendDays.add(cstDayOf(date));
  }
  return (cstDay) => workingWeekendDays.has(cstDay) || (!isWeekend(cstDay) && !daysOff.has(cstDay));
}

/** China's working days as the State Council schedules them (`public-holidays.ts`). */
export const CHINA_WORKING_DAYS: WorkingCalendar = workingCalendar(CHINA_HOLIDAY_SCHEDULES);

/** The China Standard Time calendar day of a date (`2025-10-01`), in days since 1970-01-01. */
export function cstDayOf(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The moment `days` working days after `fromIso`, the time of day kept: days off are skipped. */
export function addWorkingDays(fromIso: string, days: number, calendar: WorkingCalendar = CHINA_WORKING_DAYS): string {
  let at = Date.parse(fromIso);
  let left = days;
  while (left > 0) {
    at += DAY_MS;
    if (calendar(Math.floor((at + CST_OFFSET_MS) / DAY_MS))) left -= 1;
  }
  return new Date(at).toISOString();
}

/** When a stage with this SLA reminds (one working day before, or halfway for a one-day SLA), falls overdue, and escalates (one after). */
export function stageDeadlines(
  enteredAtIso: string,
  slaWorkingDays: number,
  calendar: WorkingCalendar = CHINA_WORKING_DAYS,
): { remindAt: string; dueAt: string; escalateAt: string } {
  const dueAt = addWorkingDays(enteredAtIso, slaWorkingDays, calendar);
  // With a one-day SLA there is no day before: remind halfway instead.
  const remindAt =
    slaWorkingDays > 1
      ? addWorkingDays(enteredAtIso, slaWorkingDays - 1, calendar)
      : new Date((Date.parse(enteredAtIso) + Date.parse(dueAt)) / 2).toISOString();
  return { remindAt, dueAt, escalateAt: addWorkingDays(dueAt, 1, calendar) };
}
