import { slaOf, type DocumentChain } from '../document-chain';
import { DEFAULT_NOTICE_CHAIN, type NoticeChainAction } from './chain';
import type { NoticeLevel } from './events';

/**
 * How supervision notices work in a plan: plan data, with these defaults. Working days follow
 * the State Council's holiday schedule (libs/domain/src/working-days.ts).
 */
export interface NoticeRules {
  /** 蓝: a period's report deadline is this many working days away or fewer, and nothing is filed. */
  blueWorkingDaysBeforeDeadline: number;
  /** 整改反馈 within this many working days of issue (or of a return), by level, when nobody names a date. */
  responseWorkingDays: Record<NoticeLevel, number>;
  /** 黄: this many reports of a task returned in a row. */
  returnsInARow: number;
  /** Who does what, in which stage; 签收's working days are its stage's. */
  chain: DocumentChain<NoticeChainAction>;
}

/** 签收 within a working day when the chain's stage names no other number. */
const ACKNOWLEDGE_WORKING_DAYS = 1;

export const DEFAULT_NOTICE_RULES: NoticeRules = {
  blueWorkingDaysBeforeDeadline: 3,
  responseWorkingDays: { blue: 5, yellow: 5, red: 3 },
  returnsInARow: 2,
  chain: DEFAULT_NOTICE_CHAIN,
};

/** What a plan may say of its notices (the plan catalogue's `noticeRules`): counts only. */
export type NoticeRuleOverrides = Partial<Pick<NoticeRules, 'blueWorkingDaysBeforeDeadline' | 'returnsInARow'>> & {
  responseWorkingDays?: Partial<Record<NoticeLevel, number>>;
  /** Plans published before the notice chain was plan data said it here; the chain's 签收 stage says it now. */
  acknowledgeWorkingDays?: number;
};

/**
 * The rules a plan's notices follow: the plan's word where it has one (its `noticeRules` and its
 * `documentChains.notice`), the defaults elsewhere.
 */
export function noticeRulesFor(overrides: NoticeRuleOverrides | undefined, chain?: DocumentChain<NoticeChainAction>): NoticeRules {
  const { responseWorkingDays, acknowledgeWorkingDays, ...counts } = overrides ?? {};
  return {
    ...DEFAULT_NOTICE_RULES,
    ...counts,
    responseWorkingDays: { ...DEFAULT_NOTICE_RULES.responseWorkingDays, ...responseWorkingDays },
    chain: chain ?? withAcknowledgeDays(DEFAULT_NOTICE_CHAIN, acknowledgeWorkingDays),
  };
}

/** Rules as a workflow was given them: those started before the chain was plan data carry the older shape. */
export type GivenNoticeRules = NoticeRules | (Omit<NoticeRules, 'chain'> & { acknowledgeWorkingDays: number; chain?: undefined });

/** The rules in today's shape, whatever shape a workflow's input carries (histories keep their inputs). */
export function currentNoticeRules(given: GivenNoticeRules | undefined): NoticeRules {
  if (!given) return DEFAULT_NOTICE_RULES;
  if (given.chain) return given;
  const { acknowledgeWorkingDays, blueWorkingDaysBeforeDeadline, responseWorkingDays, returnsInARow } = given;
  return {
    blueWorkingDaysBeforeDeadline,
    responseWorkingDays,
    returnsInARow,
    chain: withAcknowledgeDays(DEFAULT_NOTICE_CHAIN, acknowledgeWorkingDays),
  };
}

/** Working days to 签收 a notice under these rules. */
export function acknowledgeWorkingDays(rules: NoticeRules): number {
  return slaOf(rules.chain, 'acknowledge', ACKNOWLEDGE_WORKING_DAYS);
}

function withAcknowledgeDays(chain: DocumentChain<NoticeChainAction>, days: number | undefined): DocumentChain<NoticeChainAction> {
  if (days === undefined) return chain;
  return { stages: chain.stages.map((stage) => (stage.actions.includes('acknowledge') ? { ...stage, slaWorkingDays: days } : stage)) };
}

const ORDER: readonly NoticeLevel[] = ['blue', 'yellow', 'red'];

/** One step up, red staying red. */
export function raisedLevel(level: NoticeLevel): NoticeLevel {
  return ORDER[Math.min(ORDER.indexOf(level) + 1, ORDER.length - 1)]!;
}

export const NOTICE_LEVEL_LABELS: Record<NoticeLevel, string> = { blue: '蓝色督办', yellow: '黄色督办', red: '红色督办' };
