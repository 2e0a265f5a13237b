import { DOCUMENTED_SCHEMAS } from './responses';

/** What an operation answers as JSON: a schema of components.schemas, or a list of them. */
export interface OperationResponse {
  /** A type of response-types.ts (generated into response-schemas.json), or one of DOCUMENTED_SCHEMAS. */
  schema: string;
  /** The body is a JSON array of the schema. */
  list?: 'all' | 'paged';
  description: string;
}

const one = (schema: string, description: string): OperationResponse => ({ schema, description });
const all = (schema: string, description: string): OperationResponse => ({ schema, list: 'all', description });
/** A list `sendPage` answers: one page as the array, the next in a `Link` header while more remains. */
const paged = (schema: string, description: string): OperationResponse => ({ schema, list: 'paged', description });

const actions = (controller: string, names: string[], schema: string, description: string) =>
  Object.fromEntries(names.map((name) => [`${controller}_${name}`, one(schema, description)]));

/**
 * The success answer of every operation that answers JSON, by operation id. Not here: files
 * (FILE_RESPONSES and the history and monthly exports), answers without a body (204), and the
 * health probes, which write their answers themselves for load balancers rather than clients.
 */
export const OPERATION_RESPONSES: Record<string, OperationResponse> = {
  AuthController_login: one('LoginAnswer', 'a session, or the second step a second factor asks for / 会话，或动态验证码步骤'),
  AuthController_totp: one('Session', 'a session / 会话'),
  AuthController_refresh: one('Session', 'a new session; the refresh token sent is spent / 新会话'),
  AuthController_me: one('SignedInAccount', 'the signed-in account / 当前账号'),
  AuthController_enrol: one('TotpEnrolment', 'the new secret for the authenticator app / 动态验证码密钥'),
  AuthController_confirm: one('EnrolmentConfirmed', 'enrolled; a session when it finished a sign-in / 已绑定'),
  CatalogController_units: all('Unit', 'the units / 单位'),
  CatalogController_tasks: all('Task', 'the tasks the caller may see / 任务'),
  CatalogController_taskForce: one('TaskForce', 'the plan’s task force / 方案工作专班'),
  ReportsController_list: paged('ReportListItem', 'a page of reports, newest change first / 报告列表'),
  ReportsController_submit: one('ReportSummary', 'the report submitted / 已提交的报告'),
  ReportsController_get: one('Report', 'the report with its history and revisions / 报告'),
  ...actions(
    'ReportsController',
    [
      'acknowledge',
      'approve',
      'countersign',
      'delegate',
      'open',
      'reclaim',
      'reject',
      'resubmit',
      'returnTo',
      'transfer',
      'urge',
      'withdraw',
    ],
    'ReportSummary',
    'where the report stands now / 报告当前状态',
  ),
  InboxController_inbox: one('Inbox', 'what waits for the caller, and what it did lately / 待办'),
  NotificationsController_list: all('NotificationItem', 'the caller’s notifications, newest first / 通知'),
  NotificationsController_unreadCount: one('UnreadCount', 'how many are unread / 未读数'),
  NotificationsController_read: one('NotificationRead', 'marked read / 已读'),
  DashboardController_dashboard: one('Dashboard', 'the plan dashboard / 督查看板'),
  ScorecardController_scorecard: one('Scorecard', 'the unit’s scorecard / 单位评分卡'),
  AuditController_history: one('TargetHistory', 'the task as it stood at asOf / 任务历史回溯'),
  AuditController_verify: one('AuditVerification', 'the hash chain and the evidence files checked / 审计校验'),
  NoticesController_list: paged('Notice', 'a page of notices / 督办单列表'),
  NoticesController_issue: one('NoticeSummary', 'the notice issued / 已下发的督办单'),
  NoticesController_get: one('Notice', 'the notice with its history / 督办单'),
  ...actions(
    'NoticesController',
    ['acknowledge', 'close', 'respond', 'returnToUnit'],
    'NoticeSummary',
    'where the notice stands now / 督办单当前状态',
  ),
  UrgesController_list: paged('Urge', 'a page of urges / 催报列表'),
  UrgesController_urge: one('UrgeOutcome', 'what was urged and what was skipped, task by task / 催报结果'),
  UrgesController_acknowledge: one('UrgeSummary', 'where the urge stands now / 催报当前状态'),
  DeadlinesController_list: one(
    'ReportingDeadlines',
    'the report deadline in force of each task the unit leads / 本单位牵头任务的报送截止时间',
  ),
  ExtensionsController_list: paged('Extension', 'a page of extension requests / 延期申请列表'),
  ExtensionsController_request: one('ExtensionSummary', 'the request recorded / 已提交的延期申请'),
  ExtensionsController_get: one('Extension', 'the extension request with its history / 延期申请'),
  ...actions('ExtensionsController', ['approve', 'refuse'], 'ExtensionSummary', 'where the request stands now / 延期申请当前状态'),
  InstructionsController_list: paged('Instruction', 'a page of instructions / 领导批示列表'),
  InstructionsController_record: one('InstructionSummary', 'the instruction recorded / 已录入的领导批示'),
  InstructionsController_get: one('Instruction', 'the instruction with its history / 领导批示'),
  ...actions(
    'InstructionsController',
    ['acknowledge', 'report'],
    'InstructionSummary',
    'where the instruction stands now / 领导批示当前状态',
  ),
  BulletinsController_list: all('Bulletin', 'the bulletins the caller may see / 督查通报列表'),
  BulletinsController_get: one('Bulletin', 'the period’s bulletin / 督查通报'),
  ...actions(
    'BulletinsController',
    ['draft', 'approve', 'replaceCommentary', 'commentary', 'read'],
    'Bulletin',
    'the bulletin as it stands now / 督查通报',
  ),
  AttachmentsController_upload: one('Attachment', 'the file stored, by its digest / 已上传的佐证材料'),
  DirectoryController_lookUp: one('DirectoryEntry', 'the account’s name and unit / 账号信息'),
  AdminController_list: paged('Account', 'a page of accounts / 账号列表'),
  AdminController_get: one('Account', 'the account / 账号'),
  ...actions('AdminController', ['create', 'update', 'disable', 'resetPassword'], 'Account', 'the account as it is now / 账号'),
  AdminController_unlock: one('AccountUnlocked', 'the lockout lifted / 已解除锁定'),
  AdminController_securityEvents: paged('SecurityEvent', 'a page of security events, newest first / 安全事件'),
  AdminController_units: all('AdminUnit', 'the units with their aliases and accounts / 单位'),
  AdminController_renameUnit: one('UnitRenamed', 'the unit renamed, and the plans republished / 单位已更名'),
  ChannelsController_list: all('Channel', 'the delivery channels / 推送渠道'),
  ChannelsController_create: one('Channel', 'the channel added / 已添加的推送渠道'),
};

/** The types response-types.ts names for the document: every schema above not written out in DOCUMENTED_SCHEMAS. */
export const PUBLIC_RESPONSE_NAMES: readonly string[] = [...new Set(Object.values(OPERATION_RESPONSES).map((each) => each.schema))]
  .filter((name) => !(name in DOCUMENTED_SCHEMAS))
  .sort();
