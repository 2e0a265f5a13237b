/**
 * A populated demo year: a seeded script of a year's reports, returns, 催报 and 督办单
 * (`yearScript`, pure), played through a running system's HTTP API as the demo accounts
 * (`playYear`). Used by `npm run cli -- demo year` and `npm start -- --demo-year`.
 */
export { playYear, type PlayYearOptions, type PlayYearOutcome } from './play-year';
export { DemoCallError } from './ledger-client';
export { seededRandom, type Random } from './random';
export {
  DEMO_SEED,
  filedSteps,
  yearScript,
  type DemoTask,
  type MonthStep,
  type Profile,
  type TaskScript,
  type YearOptions,
  type YearScript,
} from './year-script';
