import type { Actor, ReportEvent } from '@ledger/domain';

/** Appends a workflow's events to its stream. Event ids derive from workflow id + version. */
export interface AppendReportEventsInput {
  workflowId: string;
  streamId: string;
  /** Stream version before these events. */
  expectedVersion: number;
  events: ReportEvent[];
  actor: Actor;
  correlationId: string;
}

/** The activities workflows call; the worker implements them (apps/worker). */
export interface LedgerActivities {
  appendReportEvents(input: AppendReportEventsInput): Promise<{ nextVersion: number }>;
}
