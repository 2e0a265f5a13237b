import type { AttachmentRef } from '../attachments';
/** 蓝 a deadline close at hand, 黄 falling behind or poor quality, 红 overdue (直至办结为止). */
export type NoticeLevel = 'blue' | 'yellow' | 'red';

/** Why a notice was issued; supervision keeps one open notice per task and cause. */
export type NoticeCause = 'deadline_near' | 'report_missing' | 'behind_schedule' | 'returned_twice' | 'manual';

/** The deadline a notice was not met by: 签收 (acknowledge) or 整改反馈 (respond). */
export type NoticeDeadline = 'acknowledge' | 'respond';

interface NoticeEventBase {
  noticeId: string;
  /** Domain time of the record (ISO 8601), from the command. */
  at: string;
}

export interface NoticeIssued extends NoticeEventBase {
  planId: string;
  taskId: string;
  /** The lead units that must answer (the owner of the indicators concerned, or both co-leads). */
  unitIds: string[];
  level: NoticeLevel;
  cause: NoticeCause;
  /** 督办事项: what the unit is asked to put right. */
  matter: string;
  /** The reporting periods concerned (report_missing collects later ones). */
  periods: string[];
  /** 签收 deadline. */
  acknowledgeBy: string;
  /** 整改反馈 deadline. */
  dueAt: string;
}

export interface NoticeAcknowledged extends NoticeEventBase {
  unitId: string;
}

export interface NoticeResponded extends NoticeEventBase {
  unitId: string;
  /** 整改措施. */
  measures: string;
  /** The day the unit expects to be back on track (YYYY-MM-DD). */
  expectedBy: string;
  /** Evidence references written out (document numbers and the like). */
  evidence: string[];
  /** 佐证材料 uploaded with the answer (absent when none; answers recorded before uploads have none). */
  attachments?: AttachmentRef[];
}

/** 核查 found the answer wanting: back to the unit, with a new response deadline. */
export interface NoticeReturned extends NoticeEventBase {
  reason: string;
  dueAt: string;
}

/** 销号. */
export interface NoticeClosed extends NoticeEventBase {
  comment?: string;
}

/** A deadline passed unmet: the level rises (蓝→黄→红, red stays red) and the office is told. */
export interface NoticeEscalated extends NoticeEventBase {
  deadline: NoticeDeadline;
  dueAt: string;
  from: NoticeLevel;
  to: NoticeLevel;
}

/** A later period went unreported while the red notice was open: it joins that notice. */
export interface NoticePeriodAdded extends NoticeEventBase {
  period: string;
}

/** The cause went away (the missing reports are signed off, the task is back on schedule): 可销号. */
export interface NoticeCauseCleared extends NoticeEventBase {
  detail: string;
}

/** An approved extension request moved the response deadline. */
export interface NoticeDeadlineExtended extends NoticeEventBase {
  extensionId: string;
  dueAt: string;
}

export type NoticeEvent =
  | { type: 'NoticeIssued'; data: NoticeIssued }
  | { type: 'NoticeAcknowledged'; data: NoticeAcknowledged }
  | { type: 'NoticeResponded'; data: NoticeResponded }
  | { type: 'NoticeReturned'; data: NoticeReturned }
  | { type: 'NoticeClosed'; data: NoticeClosed }
  | { type: 'NoticeEscalated'; data: NoticeEscalated }
  | { type: 'NoticePeriodAdded'; data: NoticePeriodAdded }
  | { type: 'NoticeCauseCleared'; data: NoticeCauseCleared }
  | { type: 'NoticeDeadlineExtended'; data: NoticeDeadlineExtended };

export type NoticeEventType = NoticeEvent['type'];

export const NOTICE_EVENT_TYPES: readonly NoticeEventType[] = [
  'NoticeIssued',
  'NoticeAcknowledged',
  'NoticeResponded',
  'NoticeReturned',
  'NoticeClosed',
  'NoticeEscalated',
  'NoticePeriodAdded',
  'NoticeCauseCleared',
  'NoticeDeadlineExtended',
];

/** A notice's stream; its workflow id is the same string. */
export function noticeStreamId(noticeId: string): string {
  return `notice-${noticeId}`;
}
