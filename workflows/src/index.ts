// Workflow definitions, loaded by the worker's bundler and imported by clients for the update
// and query definitions. Only deterministic code lives here: no Nest, no TypeORM, no I/O;
// activities are imported as types.
export * from './report.workflow';
export type { LedgerActivities, AppendReportEventsInput } from './activities';
export const REPORT_TASK_QUEUE = 'ledger-reports';
