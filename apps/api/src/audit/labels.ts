import type { ExtensionStatus, InstructionStatus, NoticeCause, NoticeStatus, ReportStatus, UrgeStatus } from '@ledger/domain';

// The words of every event are the domain's table (libs/domain/src/event-labels.ts), shared with the console.
export { EVENT_LABELS, eventLabel } from '@ledger/domain';

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
