import type {
  ExtensionEventType,
  ExtensionStatus,
  InstructionEventType,
  InstructionStatus,
  NoticeCause,
  NoticeEventType,
  NoticeStatus,
  PlanEvent,
  ReportEvent,
  ReportStatus,
  TargetEventType,
  UrgeEventType,
  UrgeStatus,
} from '@ledger/domain';

export type HistoryEventType =
  ReportEvent['type'] | TargetEventType | PlanEvent['type'] | NoticeEventType | UrgeEventType | ExtensionEventType | InstructionEventType;

/**
 * What a person reads for each event of a task's history (on screen and in the exports). Typed
 * over every event type a history folds, so a new event type does not compile without its words.
 */
export const EVENT_LABELS: Record<HistoryEventType, string> = {
  PlanPublished: '方案发布',
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
  ReportingPeriodOpened: '填报期开始',
  ReportReminderIssued: '催报提醒',
  PeriodReportMissing: '逾期未报',
  ProgressRecorded: '进度记录',
  TaskFellBehind: '进度滞后',
  TaskCompleted: '任务完成',
  NoticeIssued: '下发督办单',
  NoticeAcknowledged: '签收',
  NoticeResponded: '整改反馈',
  NoticeReturned: '退回',
  NoticeClosed: '销号',
  NoticeEscalated: '督办升级',
  NoticePeriodAdded: '追加逾期月份',
  NoticeCauseCleared: '可销号',
  NoticeDeadlineExtended: '延长反馈期限',
  TaskUrged: '催报',
  TaskUrgeAcknowledged: '催报已阅',
  ExtensionRequested: '申请延期',
  ExtensionApproved: '同意延期',
  ExtensionRefused: '不同意延期',
  InstructionRecorded: '领导批示',
  InstructionAcknowledged: '阅示',
  InstructionCarriedOut: '报告落实情况',
};

export const eventLabel = (type: string): string => EVENT_LABELS[type as HistoryEventType] ?? '其他事件';

/** The console's words for the roles (apps/web/src/labels.ts), and the system's own timers. */
export const ROLE_LABELS: Record<string, string> = {
  submitter: '牵头单位',
  coordinator: '工作专班办公室',
  office: '工作专班办公室（签发）',
  auditor: '督查审计',
  admin: '系统管理员',
  system: '系统',
};

export const REPORT_STATUS_LABELS: Record<Exclude<ReportStatus, 'empty'>, string> = {
  in_review: '审核中',
  returned: '已退回',
  withdrawn: '已撤回',
  signed_off: '已签发',
};

export const NOTICE_STATUS_LABELS: Record<Exclude<NoticeStatus, 'empty'>, string> = {
  issued: '待签收',
  acknowledged: '已签收',
  responded: '已反馈',
  returned: '已退回',
  closed: '已销号',
};

export const NOTICE_CAUSE_LABELS: Record<NoticeCause, string> = {
  deadline_near: '临近报送期限',
  report_missing: '逾期未报',
  behind_schedule: '进度滞后',
  returned_twice: '报告连续退回',
  manual: '人工交办',
};

export const URGE_STATUS_LABELS: Record<Exclude<UrgeStatus, 'empty'>, string> = {
  urged: '待回应',
  acknowledged: '已阅',
};

export const EXTENSION_STATUS_LABELS: Record<Exclude<ExtensionStatus, 'empty'>, string> = {
  requested: '待审批',
  approved: '已同意',
  refused: '未同意',
};

export const INSTRUCTION_STATUS_LABELS: Record<Exclude<InstructionStatus, 'empty'>, string> = {
  recorded: '待阅示',
  acknowledged: '已阅示',
  reported: '已报告落实情况',
};
