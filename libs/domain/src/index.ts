export * from './actors';
export * from './report';
export { percentOfTarget } from './progress';
export type { Target } from './progress';
export * from './plan/events';
export { addWorkingDays, stageDeadlines } from './working-days';
export * from './target';
