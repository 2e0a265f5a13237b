import type { Actor, ExtensionEvent, InstructionEvent, NoticeEvent, ReportEvent, TargetEvent, UrgeEvent } from '@ledger/domain';

/** Any event a workflow writes. */
export type DocumentEvent = ReportEvent | TargetEvent | NoticeEvent | UrgeEvent | ExtensionEvent | InstructionEvent;

/** Appends a workflow's events to its stream. Event ids derive from workflow id + version. */
export interface AppendEventsInput {
  workflowId: string;
  streamId: string;
  /** Stream version before these events. */
  expectedVersion: number;
  events: DocumentEvent[];
  actor: Actor;
  correlationId: string;
}

/** An approved extension moves a notice's response deadline (through the notice's own workflow). */
export interface ExtendNoticeDeadlineInput {
  noticeId: string;
  extensionId: string;
  /** The new response deadline (YYYY-MM-DD). */
  until: string;
  actor: Actor;
  correlationId: string;
}

/**
 * What came of it: `extended`, or why not: the notice's workflow has ended (closed) or its
 * rules refused the new day (closed meanwhile, already later). Neither can succeed on retry.
 */
export type ExtendNoticeDeadlineOutcome = { outcome: 'extended' } | { outcome: 'notice_ended' } | { outcome: 'refused'; reason: string };

/** The activities workflows call; the worker implements them (apps/worker). */
export interface LedgerActivities {
  appendEvents(input: AppendEventsInput): Promise<{ nextVersion: number }>;
  extendNoticeDeadline(input: ExtendNoticeDeadlineInput): Promise<ExtendNoticeDeadlineOutcome>;
}
