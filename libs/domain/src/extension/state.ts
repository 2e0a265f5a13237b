import type { ExtensionEvent, ExtensionRequested } from './events';

type Request = Omit<ExtensionRequested, 'at'> & { requestedAt: string };

/** Requested → approved (the deadline moves) or refused (it stands). */
export type ExtensionState =
  | { status: 'empty' }
  | (Request & { status: 'requested' })
  | (Request & { status: 'approved'; decidedAt: string; comment?: string })
  | (Request & { status: 'refused'; decidedAt: string; refusal: string });

export type ExtensionStatus = ExtensionState['status'];

export const initialExtensionState: ExtensionState = { status: 'empty' };

export function evolveExtension(state: ExtensionState, event: ExtensionEvent): ExtensionState {
  switch (event.type) {
    case 'ExtensionRequested': {
      const { at, ...request } = event.data;
      return { ...request, requestedAt: at, status: 'requested' };
    }
    case 'ExtensionApproved':
      if (state.status !== 'requested') return state;
      return {
        ...state,
        status: 'approved',
        decidedAt: event.data.at,
        ...(event.data.comment === undefined ? {} : { comment: event.data.comment }),
      };
    case 'ExtensionRefused':
      if (state.status !== 'requested') return state;
      return { ...state, status: 'refused', decidedAt: event.data.at, refusal: event.data.reason };
    default:
      return assertNever(event);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected extension event: ${JSON.stringify(value)}`);
}

/** What an operation on an extension request answers, and what the API shows of it. */
export interface ExtensionSummary {
  id: string;
  taskId: string;
  unitId: string;
  period?: string;
  noticeId?: string;
  deadline: string;
  until: string;
  reason: string;
  status: Exclude<ExtensionStatus, 'empty'>;
  requestedAt: string;
  decidedAt?: string;
  /** The office's comment on an approval, or its reason for a refusal. */
  comment?: string;
}

export function summarizeExtension(state: ExtensionState): ExtensionSummary | null {
  if (state.status === 'empty') return null;
  const { extensionId, taskId, unitId, period, noticeId, deadline, until, reason, status, requestedAt } = state;
  const decided =
    state.status === 'approved'
      ? { decidedAt: state.decidedAt, ...(state.comment === undefined ? {} : { comment: state.comment }) }
      : state.status === 'refused'
        ? { decidedAt: state.decidedAt, comment: state.refusal }
        : {};
  return {
    id: extensionId,
    taskId,
    unitId,
    ...(period === undefined ? {} : { period }),
    ...(noticeId === undefined ? {} : { noticeId }),
    deadline,
    until,
    reason,
    status,
    requestedAt,
    ...decided,
  };
}
