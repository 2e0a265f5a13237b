import type { Actor, NoticeEvent, ReportEvent, TargetEvent, UrgeEvent } from '@ledger/domain';

/** Any event a workflow writes. */
export type DocumentEvent = ReportEvent | TargetEvent | NoticeEvent | UrgeEvent;

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

/** The activities workflows call; the worker implements them (apps/worker). */
export interface LedgerActivities {
  appendEvents(input: AppendEventsInput): Promise<{ nextVersion: number }>;
}
