// Deadlines are China's days (a notice is due at 23:59 Beijing time), whatever zone the desktop is set to.
// China keeps UTC+8 all year, so a fixed offset is exact.
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

const inChina = (at: string | Date) => new Date(new Date(at).getTime() + OFFSET_MS);
const pad = (n: number) => String(n).padStart(2, '0');

/** 2025-12-25T08:00:00Z → 2025年12月25日 16:00 (China time). */
export function chinaTime(at: string | null | undefined): string {
  if (!at) return '—';
  const t = inChina(at);
  return `${chinaDayOf(t)} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/**
 * A deadline: an instant at midnight in China ends the day before, so it reads as that day's
 * 23:59 (2026-01-25T16:00:00Z → 2026年1月25日 23:59), the way notices are due; other instants as chinaTime.
 */
export function chinaDeadline(at: string | null | undefined): string {
  if (!at) return '—';
  const t = inChina(at);
  const midnight = t.getUTCHours() === 0 && t.getUTCMinutes() === 0 && t.getUTCSeconds() === 0;
  return chinaTime(midnight ? new Date(new Date(at).getTime() - 60_000).toISOString() : at);
}

/** 2025-12-25T08:00:00Z → 2025年12月25日 (the day in China). */
export function chinaDate(at: string | null | undefined): string {
  return at ? chinaDayOf(inChina(at)) : '—';
}

/** How a date field shows its day (2025年12月25日), and what it also takes typed (2025-12-25). */
export const DATE_FORMATS = ['YYYY年M月D日', 'YYYY-MM-DD'];

/** A day written YYYY-MM-DD → 2025年12月25日. */
export function dayLabel(day: string | null | undefined): string {
  const match = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : (day ?? '—');
}

/** The China day of an instant, written YYYY-MM-DD (what a date field sends). */
export function chinaDay(at: Date): string {
  const t = inChina(at);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Calendar days in China between two instants: issued today is day 0, yesterday 1. */
export function daysBetween(from: string, to: string | Date): number {
  const day = (at: string | Date) => Math.floor(inChina(at).getTime() / DAY_MS);
  return Math.max(0, day(to) - day(from));
}

function chinaDayOf(t: Date): string {
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日`;
}

/**
 * An asOf as the address gives it: a moment (as an ISO instant), or `invalid` for text that is
 * none, so a page says so instead of showing "Invalid Date" or asking the API with it.
 */
export function parseAsOf(raw: string | null): { asOf?: string; invalid: boolean } {
  if (!raw) return { invalid: false };
  const at = Date.parse(raw);
  return Number.isNaN(at) ? { invalid: true } : { asOf: new Date(at).toISOString(), invalid: false };
}
