import type { InboxItem } from './api';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The order a reviewer works the inbox in: overdue first, then the nearest time limit, then the
 * longest waiting; a report without a time limit after those that have one.
 */
export function inboxOrder(items: readonly InboxItem[]): InboxItem[] {
  const due = (item: InboxItem) => (item.slaDue ? Date.parse(item.slaDue) : Number.POSITIVE_INFINITY);
  return [...items].sort((a, b) => Number(b.overdue) - Number(a.overdue) || due(a) - due(b) || Date.parse(a.since) - Date.parse(b.since));
}

export interface InboxFilter {
  unitId?: string;
  overdueOnly?: boolean;
}

export function filterInbox(items: readonly InboxItem[], filter: InboxFilter): InboxItem[] {
  return items.filter((item) => (!filter.unitId || item.unitId === filter.unitId) && (!filter.overdueOnly || item.overdue));
}

export type Countdown = { tone: 'overdue' | 'soon' | 'normal'; text: string };

/**
 * What is left of a time limit, in the words a reviewer reads at a glance: 剩 2 天 3 小时,
 * 剩 5 小时, 已超时 1 天 4 小时. Under a day left is 'soon'.
 */
export function slaCountdown(slaDue: string | null, now: Date): Countdown | undefined {
  if (!slaDue) return undefined;
  const left = Date.parse(slaDue) - now.getTime();
  const span = Math.abs(left);
  const days = Math.floor(span / DAY_MS);
  const hours = Math.floor((span % DAY_MS) / HOUR_MS);
  const words = days > 0 ? `${days} 天${hours > 0 ? ` ${hours} 小时` : ''}` : hours > 0 ? `${hours} 小时` : '不到 1 小时';
  if (left < 0) return { tone: 'overdue', text: `已超时 ${words}` };
  return { tone: left < DAY_MS ? 'soon' : 'normal', text: `剩 ${words}` };
}
