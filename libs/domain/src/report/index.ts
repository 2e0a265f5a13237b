export * from './chain';
export * from './commands';
export * from './events';
export * from './state';
export * from './rules';
export * from './plausibility';
export { decide } from './decide';
export { summarize } from './view';
export type { ReportSummary } from './view';
