interface TargetEventBase {
  planId: string;
  taskId: string;
  /** Domain time (workflow time) of the record. */
  at: string;
}

export interface IndicatorProgressRecord {
  indicatorId: string;
  value: number;
  percent: number;
}

/** The supervision record of one task over the plan year (stream `target-<taskId>`). */
export type TargetEvent =
  | { type: 'ReportingPeriodOpened'; data: TargetEventBase & { period: string; deadline: string } }
  /** 催报: the lead unit is reminded before the deadline. */
  | { type: 'ReportReminderIssued'; data: TargetEventBase & { period: string; deadline: string; unitIds: string[] } }
  /** 逾期未报: the deadline passed without a report. */
  | { type: 'PeriodReportMissing'; data: TargetEventBase & { period: string; deadline: string; unitIds: string[] } }
  | {
      type: 'ProgressRecorded';
      data: TargetEventBase & {
        period: string;
        reportId: string;
        indicators: IndicatorProgressRecord[];
        taskPercent: number;
        schedulePercent: number;
      };
    }
  /** 进度滞后. */
  | { type: 'TaskFellBehind'; data: TargetEventBase & { period: string; taskPercent: number; schedulePercent: number; tolerance: number } }
  | { type: 'TaskCompleted'; data: TargetEventBase & { period: string } };

export type TargetEventType = TargetEvent['type'];

export const TARGET_EVENT_TYPES: readonly TargetEventType[] = [
  'ReportingPeriodOpened',
  'ReportReminderIssued',
  'PeriodReportMissing',
  'ProgressRecorded',
  'TaskFellBehind',
  'TaskCompleted',
];

/** A task's supervision stream; its workflow id is the same string. */
export function targetStreamId(taskId: string): string {
  return `target-${taskId}`;
}
