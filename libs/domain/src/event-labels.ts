// What a person reads for each event of the record, on every screen, in every export and in the
// API's histories: one table, so a step never has two names. No imports, so the console can take
// this file as it is (apps/web/src/event-labels.ts) and tests/unit/console-labels.spec.ts can walk
// every event type against it.

/** A 督办单's steps. */
export const NOTICE_EVENT_LABELS: Record<string, string> = {
  NoticeIssued: '下发督办单',
  NoticeAcknowledged: '签收',
  NoticeResponded: '整改反馈',
  NoticeReturned: '退回重办',
  NoticeClosed: '销号',
  NoticeEscalated: '督办升级',
  NoticePeriodAdded: '追加逾期月份',
  NoticeCauseCleared: '督办事由已消除',
  NoticeDeadlineExtended: '延长办理时限',
};

export const EVENT_LABELS: Record<string, string> = {
  PlanPublished: '方案发布',
  // A report's way through its chain.
  ReportSubmitted: '提交',
  ReportResubmitted: '重新提交',
  ReportOpened: '审核人已查看',
  ReportCountersigned: '会签同意',
  ReportApproved: '审核通过',
  ReportRejected: '退回修改',
  ReportReturned: '退回至环节',
  ReportWithdrawn: '撤回',
  ReportSignedOff: '签发',
  ReportUrged: '催办',
  UrgeAcknowledged: '催办已回应',
  ReportTransferred: '转办',
  ReportDelegated: '委托代办',
  ReportReclaimed: '收回转办',
  StageReminderSent: '时限提醒',
  StageOverdue: '办理超时',
  StageEscalated: '超时升级',
  // A task's supervision over the year.
  ReportingPeriodOpened: '填报期开始',
  ReportReminderIssued: '催报提醒',
  PeriodReportMissing: '逾期未报',
  ProgressRecorded: '进度记录',
  TaskFellBehind: '进度滞后',
  TaskCompleted: '任务完成',
  ...NOTICE_EVENT_LABELS,
  TaskUrged: '催报',
  TaskUrgeAcknowledged: '催报已阅',
  ExtensionRequested: '申请延期',
  ExtensionApproved: '同意延期',
  ExtensionRefused: '不同意延期',
  InstructionRecorded: '领导批示',
  InstructionAcknowledged: '阅示',
  InstructionCarriedOut: '报告落实情况',
  BulletinDrafted: '起草通报',
  BulletinCommentaryEdited: '修改通报意见',
  BulletinPublished: '印发通报',
  BulletinRead: '已阅通报',
};

/** An event's label; one not in the table reads as 其他事件, never as its code. */
export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? '其他事件';

/** 2025-12 → 2025年12月. */
const monthOf = (period: string) => {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  return match ? `${match[1]}年${Number(match[2])}月` : period;
};

/** The label with the month it concerns: 逾期未报（2025年12月）. */
export const eventWithPeriod = (type: string, period: string | undefined): string =>
  period ? `${eventLabel(type)}（${monthOf(period)}）` : eventLabel(type);
