// Plan time is China Standard Time (UTC+8, no daylight saving): a period is a calendar month there.
const CST_OFFSET_MS = 8 * 3600_000;

export interface PlanCalendar {
  period: 'monthly';
  /** Day of the following month by which a month's report is due (e.g. 25). */
  deadlineDay: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The reporting periods of a plan year: '2025-01' … '2025-12'. */
export function periodsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, index) => `${year}-${pad(index + 1)}`);
}

function parsePeriod(period: string): { year: number; month: number } {
  const [year, month] = period.split('-').map(Number);
  return { year: year!, month: month! };
}

/** Midnight (CST) at the start of day `day` of `month` (1-based; month 13 is January next year). */
function cstMidnight(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - CST_OFFSET_MS;
}

/** When a period begins and ends (end exclusive). */
export function periodBounds(period: string): { start: string; end: string } {
  const { year, month } = parsePeriod(period);
  return { start: new Date(cstMidnight(year, month, 1)).toISOString(), end: new Date(cstMidnight(year, month + 1, 1)).toISOString() };
}

/** The end of the deadline day in the month after the period: a report is late after this. */
export function reportDeadline(period: string, calendar: PlanCalendar): string {
  const { year, month } = parsePeriod(period);
  return new Date(cstMidnight(year, month + 1, calendar.deadlineDay + 1)).toISOString();
}

/** 序时进度: the share of the plan year elapsed at `asOf`, 0–100, two decimals. */
export function schedulePercent(year: number, asOf: string): number {
  const start = cstMidnight(year, 1, 1);
  const end = cstMidnight(year + 1, 1, 1);
  const share = (Date.parse(asOf) - start) / (end - start);
  return Math.round(Math.min(1, Math.max(0, share)) * 10_000) / 100;
}

/** The periods whose report deadline has passed at `asOf`. */
export function closedPeriods(year: number, calendar: PlanCalendar, asOf: string): string[] {
  return periodsOf(year).filter((period) => Date.parse(reportDeadline(period, calendar)) <= Date.parse(asOf));
}
