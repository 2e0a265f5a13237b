// Workflow definitions, loaded by the worker's bundler and imported by clients for the update,
// signal and query definitions. Only deterministic code lives here: no Nest, no TypeORM, no
// I/O; activities are imported as types.
export * from './report.workflow';
export * from './target.workflow';
export type { LedgerActivities, AppendEventsInput, ExtendNoticeDeadlineInput, ExtendNoticeDeadlineOutcome } from './activities';
export const REPORT_TASK_QUEUE = 'ledger-reports';
export * from './notice.workflow';
export * from './urge.workflow';
export * from './extension.workflow';
export * from './instruction.workflow';
