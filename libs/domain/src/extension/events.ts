interface ExtensionEventBase {
  extensionId: string;
  /** Domain time of the record (ISO 8601), from the command. */
  at: string;
}

/** 延期申请: a lead unit asks for a later deadline for a period's report or a notice's response. */
export interface ExtensionRequested extends ExtensionEventBase {
  planId: string;
  taskId: string;
  /** The lead unit that asks, and the account that asked for it (an id, never a name). */
  unitId: string;
  requestedBy: string;
  /** Exactly one of period and noticeId: what the request moves. */
  period?: string;
  noticeId?: string;
  /** The deadline in force when it was asked. */
  deadline: string;
  /** The day asked for (YYYY-MM-DD, by its end in China time). */
  until: string;
  reason: string;
}

/** The office approved it: the period's report, or the notice's response, is due by `until`. */
export interface ExtensionApproved extends ExtensionEventBase {
  taskId: string;
  period?: string;
  noticeId?: string;
  until: string;
  comment?: string;
}

/** The office refused it, with its reason; the deadline stands. */
export interface ExtensionRefused extends ExtensionEventBase {
  reason: string;
}

export type ExtensionEvent =
  | { type: 'ExtensionRequested'; data: ExtensionRequested }
  | { type: 'ExtensionApproved'; data: ExtensionApproved }
  | { type: 'ExtensionRefused'; data: ExtensionRefused };

export type ExtensionEventType = ExtensionEvent['type'];

export const EXTENSION_EVENT_TYPES: readonly ExtensionEventType[] = ['ExtensionRequested', 'ExtensionApproved', 'ExtensionRefused'];

/** An extension request's stream; its workflow id is the same string. */
export function extensionStreamId(extensionId: string): string {
  return `extension-${extensionId}`;
}
