import type { AttachmentRef } from '../attachments';
import type { Actor } from '../actors';
import type { WorkingCalendar } from '../working-days';
import type { NoticeCause, NoticeDeadline, NoticeLevel } from './events';
import type { NoticeRules } from './rules';

interface CommandBase {
  actor: Actor;
  /** Domain time (ISO 8601): workflow time inside workflows. */
  now: string;
}

/** What the rules need of the plan around a notice. */
export interface NoticeContext {
  rules: NoticeRules;
  calendar?: WorkingCalendar;
}

export interface IssueNotice extends CommandBase {
  type: 'IssueNotice';
  noticeId: string;
  task: { planId: string; taskId: string; leadUnits: string[] };
  /** Defaults to every lead unit of the task. */
  unitIds?: string[];
  level: NoticeLevel;
  cause: NoticeCause;
  matter: string;
  periods: string[];
  /** The response deadline (a day, YYYY-MM-DD, answered by its end in China time); by the rules when absent. */
  dueDate?: string;
}

export interface AcknowledgeNotice extends CommandBase {
  type: 'AcknowledgeNotice';
}

export interface RespondToNotice extends CommandBase {
  type: 'RespondToNotice';
  measures: string;
  expectedBy: string;
  evidence: string[];
  attachments?: AttachmentRef[];
}

export interface ReturnNotice extends CommandBase {
  type: 'ReturnNotice';
  reason: string;
}

export interface CloseNotice extends CommandBase {
  type: 'CloseNotice';
  comment?: string;
}

/** A timer of the notice's workflow: the deadline has passed. */
export interface EscalateNotice extends CommandBase {
  type: 'EscalateNotice';
  deadline: NoticeDeadline;
}

export interface AddNoticePeriod extends CommandBase {
  type: 'AddNoticePeriod';
  period: string;
}

export interface ClearNoticeCause extends CommandBase {
  type: 'ClearNoticeCause';
  detail: string;
}

export interface ExtendNoticeDeadline extends CommandBase {
  type: 'ExtendNoticeDeadline';
  extensionId: string;
  /** The new response deadline (YYYY-MM-DD). */
  until: string;
}

export type NoticeCommand =
  | IssueNotice
  | AcknowledgeNotice
  | RespondToNotice
  | ReturnNotice
  | CloseNotice
  | EscalateNotice
  | AddNoticePeriod
  | ClearNoticeCause
  | ExtendNoticeDeadline;
