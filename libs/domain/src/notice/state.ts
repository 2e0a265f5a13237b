import { withAttachments, type AttachmentRef } from '../attachments';
import type { NoticeCause, NoticeDeadline, NoticeEvent, NoticeLevel } from './events';

interface Issued {
  noticeId: string;
  planId: string;
  taskId: string;
  unitIds: string[];
  level: NoticeLevel;
  cause: NoticeCause;
  matter: string;
  periods: string[];
  issuedAt: string;
  acknowledgeBy: string;
  dueAt: string;
  /** The cause has gone away: shown as 可销号; closing stays a person's act. */
  causeCleared: boolean;
  /** Deadlines already escalated, as `<deadline>@<dueAt>`: each unmet deadline raises the level once. */
  escalated: string[];
}

/** 签收 → 整改反馈 → 核查 → 销号 (or 退回, back to the unit). */
export type NoticeState =
  | { status: 'empty' }
  | (Issued & { status: 'issued' })
  | (Issued & { status: 'acknowledged' })
  | (Issued & { status: 'responded'; response: Response })
  | (Issued & { status: 'returned'; reason: string })
  | (Issued & { status: 'closed' });

interface Response {
  unitId: string;
  measures: string;
  expectedBy: string;
  evidence: string[];
  attachments?: AttachmentRef[];
  at: string;
}

export type NoticeStatus = NoticeState['status'];
export type OpenNotice = Exclude<NoticeState, { status: 'empty' } | { status: 'closed' }>;

export const initialNoticeState: NoticeState = { status: 'empty' };

export const escalationKey = (deadline: NoticeDeadline, dueAt: string) => `${deadline}@${dueAt}`;

export function evolveNotice(state: NoticeState, event: NoticeEvent): NoticeState {
  if (event.type === 'NoticeIssued') {
    const { noticeId, planId, taskId, unitIds, level, cause, matter, periods, acknowledgeBy, dueAt, at } = event.data;
    return {
      status: 'issued',
      noticeId,
      planId,
      taskId,
      unitIds,
      level,
      cause,
      matter,
      periods,
      issuedAt: at,
      acknowledgeBy,
      dueAt,
      causeCleared: false,
      escalated: [],
    };
  }
  if (state.status === 'empty') return state;
  const issued = issuedPart(state);
  switch (event.type) {
    case 'NoticeAcknowledged':
      return { ...issued, status: 'acknowledged' };
    case 'NoticeResponded': {
      const { unitId, measures, expectedBy, evidence, attachments, at } = event.data;
      return { ...issued, status: 'responded', response: { unitId, measures, expectedBy, evidence, ...withAttachments(attachments), at } };
    }
    case 'NoticeReturned':
      return { ...issued, status: 'returned', reason: event.data.reason, dueAt: event.data.dueAt };
    case 'NoticeClosed':
      return { ...issued, status: 'closed' };
    case 'NoticeEscalated':
      return { ...state, level: event.data.to, escalated: [...state.escalated, escalationKey(event.data.deadline, event.data.dueAt)] };
    case 'NoticePeriodAdded':
      return { ...state, periods: [...state.periods, event.data.period], causeCleared: false };
    case 'NoticeCauseCleared':
      return { ...state, causeCleared: true };
    case 'NoticeDeadlineExtended':
      return { ...state, dueAt: event.data.dueAt };
    default:
      return assertNever(event);
  }
}

function issuedPart(state: Exclude<NoticeState, { status: 'empty' }>): Issued {
  const { noticeId, planId, taskId, unitIds, level, cause, matter, periods, issuedAt, acknowledgeBy, dueAt, causeCleared, escalated } =
    state;
  return { noticeId, planId, taskId, unitIds, level, cause, matter, periods, issuedAt, acknowledgeBy, dueAt, causeCleared, escalated };
}

function assertNever(value: never): never {
  throw new Error(`unexpected notice event: ${JSON.stringify(value)}`);
}

/** What an operation on a notice answers, and what the API shows of it. */
export interface NoticeSummary {
  id: string;
  taskId: string;
  unitIds: string[];
  level: NoticeLevel;
  cause: NoticeCause;
  matter: string;
  periods: string[];
  status: Exclude<NoticeStatus, 'empty'>;
  acknowledgeBy: string;
  dueAt: string;
  /** 可销号: the cause went away; a person still closes it. */
  causeCleared: boolean;
}

export function summarizeNotice(state: NoticeState): NoticeSummary | null {
  if (state.status === 'empty') return null;
  const { noticeId, taskId, unitIds, level, cause, matter, periods, status, acknowledgeBy, dueAt, causeCleared } = state;
  return { id: noticeId, taskId, unitIds, level, cause, matter, periods, status, acknowledgeBy, dueAt, causeCleared };
}

/** The deadline the notice waits on now, if any: 签收 while issued, 整改反馈 while with the unit. */
export function pendingDeadline(state: NoticeState): { deadline: NoticeDeadline; dueAt: string } | null {
  switch (state.status) {
    case 'issued':
      return { deadline: 'acknowledge', dueAt: state.acknowledgeBy };
    case 'acknowledged':
    case 'returned':
      return { deadline: 'respond', dueAt: state.dueAt };
    default:
      return null;
  }
}
