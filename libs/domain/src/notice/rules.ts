import type { Role } from '../actors';
import type { NoticeLevel } from './events';

/**
 * How supervision notices work in a plan: plan data, with these defaults. Working days follow
 * the State Council's holiday schedule (libs/domain/src/working-days.ts).
 */
export interface NoticeRules {
  /** 蓝: a period's report deadline is this many working days away or fewer, and nothing is filed. */
  blueWorkingDaysBeforeDeadline: number;
  /** 签收 within this many working days of issue. */
  acknowledgeWorkingDays: number;
  /** 整改反馈 within this many working days of issue (or of a return), by level, when nobody names a date. */
  responseWorkingDays: Record<NoticeLevel, number>;
  /** 黄: this many reports of a task returned in a row. */
  returnsInARow: number;
  /** Who may issue by hand, check (核查) and close (销号): the 工作专班办公室's staff and its head. */
  supervisors: readonly Role[];
}

export const DEFAULT_NOTICE_RULES: NoticeRules = {
  blueWorkingDaysBeforeDeadline: 3,
  acknowledgeWorkingDays: 1,
  responseWorkingDays: { blue: 5, yellow: 5, red: 3 },
  returnsInARow: 2,
  supervisors: ['coordinator', 'office'],
};

/** What a plan may say of its notices (the plan catalogue's `noticeRules`): counts only, never who supervises. */
export type NoticeRuleOverrides = Partial<Omit<NoticeRules, 'supervisors' | 'responseWorkingDays'>> & {
  responseWorkingDays?: Partial<Record<NoticeLevel, number>>;
};

/** The rules a plan's notices follow: the plan's word where it has one, the defaults elsewhere. */
export function noticeRulesFor(overrides: NoticeRuleOverrides | undefined): NoticeRules {
  if (!overrides) return DEFAULT_NOTICE_RULES;
  const { responseWorkingDays, ...counts } = overrides;
  return {
    ...DEFAULT_NOTICE_RULES,
    ...counts,
    responseWorkingDays: { ...DEFAULT_NOTICE_RULES.responseWorkingDays, ...responseWorkingDays },
  };
}

const ORDER: readonly NoticeLevel[] = ['blue', 'yellow', 'red'];

/** One step up, red staying red. */
export function raisedLevel(level: NoticeLevel): NoticeLevel {
  return ORDER[Math.min(ORDER.indexOf(level) + 1, ORDER.length - 1)]!;
}

export const NOTICE_LEVEL_LABELS: Record<NoticeLevel, string> = { blue: '蓝色督办', yellow: '黄色督办', red: '红色督办' };
