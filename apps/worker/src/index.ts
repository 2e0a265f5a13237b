/**
 * The worker's one entry for other processes: the launcher (the composition root) starts the
 * worker in its own process through this, never through the worker's other files.
 */
export { startReportWorker, type ReportWorkerOptions, type RunningWorker } from './worker';
