import type {
  ExtensionStatus,
  ImplausibleReason,
  InstructionStatus,
  NoticeCause,
  NoticeLevel,
  NoticeStatus,
  ReportStatus,
  Role,
  TaskForceLeader,
  UrgeSkipReason,
  UrgeStatus,
} from './api';
import { mayOpen } from './routes';

/**
 * The roles as the plan names its bodies (三、推进机制): a unit reports for the tasks it leads (牵头单位);
 * the 工作专班办公室's staff review, and the office signs for itself (专班办公室签发). 召集人 and
 * 副召集人 are no role: they appear only as the authors of instructions (LEADER_LABEL).
 * apps/api/src/audit/labels.ts writes the same words into the API's answers and exports.
 */
export const ROLE_LABEL: Record<Role, string> = {
  submitter: '牵头单位',
  coordinator: '工作专班办公室',
  office: '工作专班办公室（签发）',
  auditor: '督查审计',
  admin: '系统管理员',
};

export const STATUS_LABEL: Record<ReportStatus, string> = {
  in_review: '审核中',
  returned: '已退回',
  withdrawn: '已撤回',
  signed_off: '已签发',
};

export const STATUS_COLOR: Record<ReportStatus, string> = {
  in_review: 'processing',
  returned: 'error',
  withdrawn: 'default',
  signed_off: 'success',
};

export const STAGE_LABEL: Record<string, string> = {
  countersign: '会签',
  coordinator_review: '专班办公室审核',
  office_signoff: '专班办公室签发',
  // Where an inbox shows a returned report: back with its unit.
  returned: '退回修改',
};

export const stageLabel = (stage: string | null | undefined) => (stage ? (STAGE_LABEL[stage] ?? stage) : '—');

export { eventLabel, eventWithPeriod } from './event-labels';

export const NOTICE_LEVEL_LABEL: Record<NoticeLevel, string> = { blue: '蓝色督办', yellow: '黄色督办', red: '红色督办' };

/** Red first: the board and its counts read from the most pressing colour down. */
export const NOTICE_LEVELS: NoticeLevel[] = ['red', 'yellow', 'blue'];

export const NOTICE_STATUS_LABEL: Record<NoticeStatus, string> = {
  issued: '待签收',
  acknowledged: '已签收',
  responded: '已反馈',
  returned: '已退回',
  closed: '已销号',
};

export const NOTICE_CAUSE_LABEL: Record<NoticeCause, string> = {
  deadline_near: '报送期限临近',
  report_missing: '逾期未报',
  behind_schedule: '进度滞后',
  returned_twice: '连续退回',
  manual: '人工交办',
};

export { NOTICE_EVENT_LABEL } from './event-labels';

/** The deadline an escalation records as missed. */
export const NOTICE_DEADLINE_LABEL: Record<string, string> = { acknowledge: '逾期未签收', respond: '逾期未反馈' };

/** The fields of the notice forms, for the API's field errors. */
export const NOTICE_FIELD_LABEL: Record<string, string> = {
  taskId: '任务',
  level: '督办等级',
  matter: '督办事项',
  dueDate: '办理时限',
  unitIds: '督办对象',
  measures: '整改措施',
  expectedBy: '预计整改到位日期',
  evidence: '佐证材料',
  reason: '退回理由',
  comment: '销号意见',
  id: '督办单编号',
};

/** 催报 as the unit's 待办 shows it. */
export const URGE_STATUS_LABEL: Record<UrgeStatus, string> = { urged: '待确认', acknowledged: '已确认收到' };

/** Why a task picked for 催报 was left out. */
export const URGE_SKIP_LABEL: Record<UrgeSkipReason, string> = { already_urged: '本期已催报', already_reported: '本期已报送' };

export const EXTENSION_STATUS_LABEL: Record<ExtensionStatus, string> = { requested: '待审批', approved: '已批准', refused: '不予延期' };

/** 召集人 / 副召集人 of the plan's 工作专班. */
export const LEADER_LABEL: Record<TaskForceLeader, string> = { convener: '召集人', deputy_convener: '副召集人' };

export const INSTRUCTION_STATUS_LABEL: Record<InstructionStatus, string> = {
  recorded: '待阅示',
  acknowledged: '待报落实情况',
  reported: '已落实',
};

/** The fields of the 催报, 延期申请 and 批示 forms, for the API's field errors. */
export const SUPERVISION_FIELD_LABEL: Record<string, string> = {
  taskIds: '任务',
  taskId: '任务',
  period: '期间',
  message: '催报说明',
  noticeId: '督办单',
  until: '申请延至',
  reason: '理由',
  comment: '审批意见',
  by: '批示领导',
  byUnit: '所在单位',
  text: '内容',
  id: '编号',
};

export const ROLE_OF_ACTOR: Record<string, string> = { ...ROLE_LABEL, system: '系统' };

/** A page of the console and who may open it from the menu. */
export interface MenuEntry {
  path: string;
  label: string;
}

/**
 * The menu follows the role: each role sees the work it does, and everyone sees the dashboard;
 * never a page the role may not open (ROUTE_ROLES).
 */
export function menuFor(role: Role): MenuEntry[] {
  return entriesFor(role).filter((entry) => mayOpen(role, entry.path));
}

function entriesFor(role: Role): MenuEntry[] {
  const dashboard = { path: '/dashboard', label: '督查看板' };
  const notices = { path: '/notices', label: '督办' };
  const extensions = { path: '/extensions', label: '延期申请' };
  const bulletins = { path: '/bulletins', label: '督查通报' };
  switch (role) {
    case 'submitter':
      // 待办: countersigning (会签) for tasks the unit co-leads, its own reports sent back, and notices waiting for it.
      return [
        { path: '/submit', label: '填报' },
        { path: '/inbox', label: '待办' },
        notices,
        extensions,
        { path: '/reports', label: '我的报告' },
        bulletins,
        dashboard,
      ];
    case 'coordinator':
      return [{ path: '/inbox', label: '审核' }, notices, extensions, bulletins, dashboard];
    case 'office':
      return [{ path: '/inbox', label: '签发' }, notices, extensions, bulletins, dashboard];
    case 'auditor':
      return [dashboard, notices, extensions, bulletins, { path: '/audit', label: '审计' }];
    case 'admin':
      // 审计回放 reads history the API keeps from the administrator, so no 审计 here.
      return [
        { path: '/admin/accounts', label: '账号管理' },
        { path: '/admin/units', label: '单位管理' },
        { path: '/admin/channels', label: '通知渠道' },
        dashboard,
      ];
    default: {
      const never: never = role;
      return never;
    }
  }
}

/** Who urges (催报) from the dashboard. */
export const URGERS: readonly Role[] = ['coordinator', 'office'];

export const homeFor = (role: Role) => menuFor(role)[0]!.path;

const COMPARATOR_TEXT: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '=': '=' };

/** "≥ 38801 台", or 完成 for a deliverable, or — for a duty without a number. */
export function targetText(indicator: { target: number | null; unit: string | null; kind: string; comparator: string }): string {
  if (indicator.kind === 'milestone') return '按期完成';
  if (indicator.target === null) return '—';
  const comparator = COMPARATOR_TEXT[indicator.comparator] ?? indicator.comparator;
  return `${comparator} ${quantityText(indicator.target, indicator)}`;
}

/**
 * Money as the plan states it: its amounts are stored in 元 (4亿元 → 400000000), and read in 亿元
 * when the target is whole 亿 (新发放创业担保贷款4亿元), else in 万元 from ten thousand up
 * (落实资金19320万元); every value of an indicator in its target's scale, so they compare at a glance.
 */
export function moneyScale(indicator: { unit: string | null; target?: number | null }): { divisor: number; unit: string } | undefined {
  if (indicator.unit !== '元' || !indicator.target) return undefined;
  if (indicator.target >= 1e8 && indicator.target % 1e8 === 0) return { divisor: 1e8, unit: '亿元' };
  if (indicator.target >= 1e4) return { divisor: 1e4, unit: '万元' };
  return undefined;
}

function quantityText(value: number, indicator: { unit: string | null; target?: number | null }): string {
  const scale = moneyScale(indicator);
  if (scale) return `${(value / scale.divisor).toLocaleString('zh-CN', { maximumFractionDigits: 4 })} ${scale.unit}`;
  return `${formatNumber(value)}${indicator.unit ? ` ${indicator.unit}` : ''}`;
}

export const formatNumber = (value: number) => value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

export const isYesNo = (kind: string) => kind === 'milestone' || kind === 'qualitative';

export function valueText(
  value: number | null | undefined,
  indicator: { unit: string | null; kind: string; target?: number | null },
): string {
  if (value === null || value === undefined) return '—';
  if (isYesNo(indicator.kind)) return value >= 1 ? '已完成' : '未完成';
  return quantityText(value, indicator);
}

/** +1,200 台 / −300 台: a change, signed. */
export function signedDifference(difference: number, indicator: { unit: string | null; kind: string; target?: number | null }): string {
  const sign = difference > 0 ? '+' : difference < 0 ? '−' : '';
  return `${sign}${valueText(Math.abs(difference), indicator)}`;
}

/** Why the API questioned a value (libs/domain report/plausibility.ts). */
export const IMPLAUSIBLE_REASON_LABEL: Record<ImplausibleReason, string> = {
  far_above_target: '远超目标值',
  jump_out_of_line: '单期增幅异常',
};
