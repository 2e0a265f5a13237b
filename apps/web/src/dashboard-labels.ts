import type { ProgressStatus, ReportingStatus, TaskLight } from './api';

// The dashboard's words and colours, without React: the page and its first view (first-view/)
// both draw from here, so the two can never name or colour a status differently.

/** The board judges reporting and progress apart (neither hides the other); the light sums them up. */
export const REPORTING_LABEL: Record<ReportingStatus, string> = { on_time: '按时', late: '已补报', overdue: '逾期未报' };
export const PROGRESS_LABEL: Record<ProgressStatus, string> = { completed: '已完成', on_track: '正常推进', behind: '进度滞后' };
export const LIGHT_LABEL: Record<TaskLight, string> = { red: '红灯', yellow: '黄灯', green: '绿灯' };
/** What each light means: the rule is `taskLight` in libs/domain (target/dimensions.ts). */
export const LIGHT_MEANING: Record<TaskLight, string> = {
  red: '逾期未报（目标未完成），或完成进度低于序时进度 20 个百分点以上',
  yellow: '进度滞后（低于序时进度 10 个百分点以上），或已补报，或目标已完成但本期逾期未报',
  green: '按时报送且进度正常或已完成',
};
// Dark enough for WCAG AA (4.5:1) both as text on white and under a tag's white text.
export const LIGHT_COLOR: Record<TaskLight, string> = { red: '#cf1322', yellow: '#a16100', green: '#237804' };
export const REPORTING_COLOR: Record<ReportingStatus, string> = { on_time: '#237804', late: '#a16100', overdue: '#cf1322' };
export const PROGRESS_COLOR: Record<ProgressStatus, string> = { completed: '#237804', on_track: '#0958d9', behind: '#ad4e00' };
export const LIGHTS: TaskLight[] = ['red', 'yellow', 'green'];
