/**
 * The period a unit most likely reports on: the month just ended, or December of the plan
 * year once that year is over (a past plan can still be reported on).
 */
export function defaultPeriod(today: Date, planYear: number): string {
  const previous = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  if (previous.getUTCFullYear() > planYear) return `${planYear}-12`;
  if (previous.getUTCFullYear() < planYear) return `${planYear}-01`;
  return `${planYear}-${String(previous.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The plan year from a task id (`hengyang-2025-P01`); the task list carries no year of its own. */
export function planYearOf(taskId: string, fallback: number): number {
  const year = /-(\d{4})-/.exec(taskId)?.[1];
  return year ? Number(year) : fallback;
}

export const periodsOf = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

export const periodLabel = (period: string) => {
  const [year, month] = period.split('-');
  return `${year}年${Number(month)}月`;
};
