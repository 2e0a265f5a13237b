export { latestPublishedPlan, publishPlan } from './publish-plan';
export type { PublishResult } from './publish-plan';
export { PLAN_SHEET_COLUMNS, PLAN_SHEET_HEADER_ROWS, PLAN_SHEET_NAME, planSheetRows, planWorkbook } from './plan-workbook';
export type { PlanSheetColumn, PlanSheetRow } from './plan-workbook';
