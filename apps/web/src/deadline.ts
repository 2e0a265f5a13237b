import { chinaDate, chinaDay } from './china-time';

/** What the API says of a period's report deadline (GET /api/reporting-deadlines). */
export interface DeadlineFacts {
  /** The deadline in force: midnight ending the due day, or the end of an extension's day. */
  deadline: string;
  /** Present when an approved 延期申请 moved it. */
  extensionId?: string;
  /** When the unit first submitted its report of the period. */
  submittedAt?: string;
}

/** How the card shows it: the text, and a colour for how pressing it is. */
export interface DeadlineNote {
  text: string;
  tone: 'success' | 'warning' | 'danger' | undefined;
}

/** Within this many days the deadline is shown as pressing. */
const NEAR_DAYS = 3;
const DAY_MS = 24 * 3600_000;

/** The last China day a report is on time: a deadline at midnight ends the day before. */
const dueDay = (deadline: string) => new Date(Date.parse(deadline) - 1);

/** China calendar days from `from`'s day to `to`'s (negative when `to` is earlier). */
function chinaDaysBetween(from: Date, to: Date): number {
  return Math.round((Date.parse(chinaDay(to)) - Date.parse(chinaDay(from))) / DAY_MS);
}

/**
 * 报送截止 2025年7月25日（还剩 3 天）: the deadline in force and how it stands at `now`, counted in
 * China calendar days. Once submitted, it says when, and whether that was on time.
 */
export function deadlineNote(facts: DeadlineFacts, now: Date): DeadlineNote {
  const last = dueDay(facts.deadline);
  const notes = facts.extensionId ? ['已延期'] : [];
  let tone: DeadlineNote['tone'];
  if (facts.submittedAt) {
    const submitted = new Date(facts.submittedAt);
    const late = submitted.getTime() >= Date.parse(facts.deadline);
    notes.push(
      late
        ? `已于 ${chinaDate(facts.submittedAt)} 报送，逾期 ${Math.max(1, chinaDaysBetween(last, submitted))} 天`
        : `已于 ${chinaDate(facts.submittedAt)} 按时报送`,
    );
    tone = late ? 'warning' : 'success';
  } else if (now.getTime() >= Date.parse(facts.deadline)) {
    notes.push(`已逾期 ${Math.max(1, chinaDaysBetween(last, now))} 天`);
    tone = 'danger';
  } else {
    const left = chinaDaysBetween(now, last);
    notes.push(left === 0 ? '今天截止' : `还剩 ${left} 天`);
    tone = left <= NEAR_DAYS ? 'warning' : undefined;
  }
  return { text: `报送截止 ${chinaDate(last.toISOString())}（${notes.join('，')}）`, tone };
}
