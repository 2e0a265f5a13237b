import type {
  Actor,
  BulletinEvent,
  ExtensionEvent,
  IndicatorValue,
  InstructionEvent,
  NoticeEvent,
  ReportEvent,
  TargetEvent,
  UrgeEvent,
} from '@ledger/domain';

/** Any event a workflow writes. */
export type DocumentEvent = ReportEvent | TargetEvent | NoticeEvent | UrgeEvent | ExtensionEvent | InstructionEvent | BulletinEvent;

/** Appends a workflow's events to its stream. Event ids derive from workflow id + version. */
export interface AppendEventsInput {
  workflowId: string;
  streamId: string;
  /** Stream version before these events. */
  expectedVersion: number;
  events: DocumentEvent[];
  actor: Actor;
  correlationId: string;
  /**
   * Sent by the activity once the events are stored, in this order: how a document tells another
   * workflow what it did without a round of workflow tasks per signal. A retried append sends them
   * again, so receivers count what they are told once (supervision: a sign-off by report, a return by
   * report and revision).
   */
  signals?: SignalOnAppend[];
}

/** A signal to another workflow, sent after an append; a receiver that is not running is skipped (its catch-up covers it). */
export interface SignalOnAppend {
  workflowId: string;
  signalName: string;
  args: unknown[];
}

/**
 * Failure types of an append that no retry can mend: the stream holds events its workflow did not
 * write, or an event id is already stored with other content. The activity raises them as
 * non-retryable ApplicationFailures of these types.
 */
export const PERMANENT_APPEND_FAILURES: readonly string[] = ['WrongExpectedVersion', 'EventIdReused'];

/** What an operator is told when a document's append can never succeed. */
export interface OperationFailureInput {
  workflowId: string;
  streamId: string;
  expectedVersion: number;
  eventTypes: string[];
  reason: string;
  message: string;
  correlationId: string;
}

/** The stream where operation failures are recorded for operators (one stream, read with the CLI or the audit API). */
export const OPERATION_FAILURES_STREAM = 'operation-failures';

/** A workflow started by another one that must outlive it (a notice outlives the supervision run that issued it). */
export interface StartWorkflowInput {
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  args: unknown[];
}

/** A report of a task as its stream records it: filed (and maybe withdrawn), with its figures once signed off. */
export interface TaskReport {
  reportId: string;
  period: string;
  withdrawn: boolean;
  signedOff?: { values: IndicatorValue[] };
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
  recordOperationFailure(input: OperationFailureInput): Promise<void>;
  /** Starts the workflow unless one with its id exists already (so a replayed or repeated start starts nothing twice). */
  startWorkflow(input: StartWorkflowInput): Promise<{ started: boolean }>;
  /** Every report of a task, from the event store: supervision's catch-up for what it was not told. */
  reportsOfTask(input: { taskId: string }): Promise<TaskReport[]>;
  extendNoticeDeadline(input: ExtendNoticeDeadlineInput): Promise<ExtendNoticeDeadlineOutcome>;
}
