// Workflow definitions, loaded by the worker's bundler and imported by clients for the update,
// signal and query definitions. Only deterministic code lives here: no Nest, no TypeORM, no
// I/O; activities are imported as types.
export * from './report.workflow';
export * from './target.workflow';
export type { StoredStream } from './document';
export { OPERATION_FAILURES_STREAM, PERMANENT_APPEND_FAILURES } from './activities';
export type {
  LedgerActivities,
  AppendEventsInput,
  ExtendNoticeDeadlineInput,
  ExtendNoticeDeadlineOutcome,
  OperationFailureInput,
  StartWorkflowInput,
  TaskReport,
} from './activities';
export * from './notice.workflow';
export * from './urge.workflow';
export * from './extension.workflow';
export * from './instruction.workflow';
export * from './bulletin.workflow';
