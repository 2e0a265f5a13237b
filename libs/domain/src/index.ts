export * from './actors';
export * from './attachments';
export * from './report';
export { percentOfTarget } from './progress';
export type { Target } from './progress';
export * from './plan/events';
export {
  addWorkingDays,
  CHINA_WORKING_DAYS,
  cstDayOf,
  stageDeadlines,
  WEEKENDS_ONLY,
  workingCalendar,
  type WorkingCalendar,
} from './working-days';
export { CHINA_HOLIDAY_SCHEDULES, type HolidaySchedule } from './public-holidays';
export * from './target';
export * from './notice';
export * from './urge';
export * from './extension';
export * from './instruction';
export * from './bulletin';
export { mayDo, slaOf, stageOf, type DocumentChain, type DocumentStage } from './document-chain';
export * from './notification';
export { invisibleCharacterIn, invisibleTextProblems, precisionProblem, MAX_DECIMALS } from './text';
export * from './event-labels';
