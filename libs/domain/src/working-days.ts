// Deadlines are counted in working days at China Standard Time (UTC+8, no daylight saving).
const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

function isWeekend(utcMs: number): boolean {
  const day = new Date(utcMs + CST_OFFSET_MS).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * The moment `days` working days after `fromIso` (weekends skipped, the time of day kept).
 * Public holidays are not modelled yet; when they are, they will come in as data.
 */
export function addWorkingDays(fromIso: string, days: number): string {
  let at = Date.parse(fromIso);
  let left = days;
  while (left > 0) {
    at += DAY_MS;
    if (!isWeekend(at)) left -= 1;
  }
  return new Date(at).toISOString();
}

/** When a stage with this SLA reminds (one working day before, or halfway for a one-day SLA), falls overdue, and escalates (one after). */
export function stageDeadlines(enteredAtIso: string, slaWorkingDays: number): { remindAt: string; dueAt: string; escalateAt: string } {
  const dueAt = addWorkingDays(enteredAtIso, slaWorkingDays);
  // With a one-day SLA there is no day before: remind halfway instead.
  const remindAt =
    slaWorkingDays > 1
      ? addWorkingDays(enteredAtIso, slaWorkingDays - 1)
      : new Date((Date.parse(enteredAtIso) + Date.parse(dueAt)) / 2).toISOString();
  return { remindAt, dueAt, escalateAt: addWorkingDays(dueAt, 1) };
}
