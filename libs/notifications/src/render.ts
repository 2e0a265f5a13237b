import { monthLabel, NOTICE_LEVEL_LABELS, TASK_FORCE_LEADER_LABELS, type NoticeLevel, type NotificationKind } from '@ledger/domain';
import { chinaTime } from './china-time';

/** What each kind is called where a person picks which ones a channel takes. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  report_waiting: '报告待审批',
  report_returned: '报告被退回',
  report_due_soon: '审批临近到期',
  report_overdue: '审批已超期',
  report_escalated: '审批超期提级',
  report_urged: '催办',
  report_handed_over: '转交办理',
  task_urged: '催报',
  notice_issued: '督办单下发',
  notice_escalated: '督办单升级',
  notice_returned: '整改反馈被退回',
  notice_responded: '整改反馈待核查',
  extension_requested: '延期申请待审批',
  extension_decided: '延期申请结果',
  instruction_recorded: '领导批示',
  bulletin_published: '督查通报',
};

/** A notification as stored: codes and ids only (rm_notifications). */
export interface StoredNotification {
  kind: NotificationKind;
  facts: Record<string, string | number | boolean>;
}

/** The names the words need, looked up when a person reads it (never stored with it). */
export interface NotificationNames {
  /** "P01 更新义务教育学校设备" */
  task: string;
  /** The stage's name in the report's chain (专班办公室审核), when the notification concerns one. */
  stage?: string;
  /** The name of the unit named in the facts (the unit that answered or asked). */
  unit?: string;
}

export interface RenderedNotification {
  title: string;
  text: string;
}

/**
 * The words of a notification, in Chinese, from its codes and the names looked up for it: what
 * the console's notification centre shows and what a channel delivers.
 */
export function renderNotification({ kind, facts }: StoredNotification, names: NotificationNames): RenderedNotification {
  const period = typeof facts['period'] === 'string' ? monthLabel(facts['period']) : '';
  const stage = names.stage ?? '审批环节';
  const due = (field: string) => (typeof facts[field] === 'string' ? chinaTime(facts[field] as string) : '');
  const report = `${period}进展报告`;
  const level = (field: string) => NOTICE_LEVEL_LABELS[facts[field] as NoticeLevel] ?? '督办单';
  const unit = names.unit ?? '牵头单位';
  switch (kind) {
    case 'report_waiting':
      return { title: `待办：${names.task}`, text: `${report}${facts['returned'] ? '已退回本环节，' : ''}待${stage}。` };
    case 'report_returned':
      return { title: `报告被退回：${names.task}`, text: `${report}在${stage}被退回，请修改后重新报送。` };
    case 'report_due_soon':
      return { title: `临近到期：${names.task}`, text: `${report}的${stage}将于 ${due('dueAt')} 到期，请及时办理。` };
    case 'report_overdue':
      return { title: `已超期：${names.task}`, text: `${report}的${stage}已超过办理期限（${due('dueAt')}）。` };
    case 'report_escalated':
      return { title: `超期提级：${names.task}`, text: `${report}的${stage}超期未办，已提级督办，请督促办理。` };
    case 'report_urged':
      return { title: `催办：${names.task}`, text: `${report}正在${stage}，请尽快办理。` };
    case 'report_handed_over':
      return { title: `转交给您：${names.task}`, text: `${report}的${stage}已转交给您办理。` };
    case 'task_urged':
      return { title: `催报：${names.task}`, text: `${report}尚未报送，请尽快报送。` };
    case 'notice_issued':
      return { title: `${level('level')}：${names.task}`, text: `收到${level('level')}单，请签收并于 ${due('dueAt')} 前反馈整改情况。` };
    case 'notice_escalated':
      return {
        title: `督办升级：${names.task}`,
        text: `督办单${facts['deadline'] === 'acknowledge' ? '逾期未签收' : '逾期未反馈'}，已升级为${level('level')}。`,
      };
    case 'notice_returned':
      return { title: `整改反馈被退回：${names.task}`, text: `请补充整改情况，于 ${due('dueAt')} 前重新反馈。` };
    case 'notice_responded':
      return { title: `待核查：${names.task}`, text: `${unit}已反馈整改情况，请核查。` };
    case 'extension_requested':
      return { title: `延期申请待审批：${names.task}`, text: `${unit}申请延期至 ${dayLabel(String(facts['until'] ?? ''))}，请审批。` };
    case 'extension_decided':
      return {
        title: `延期申请${facts['approved'] ? '已批准' : '未获批准'}：${names.task}`,
        text: facts['approved'] ? '延期申请已批准，请按新的期限办理。' : '延期申请未获批准，请按原期限办理。',
      };
    case 'instruction_recorded': {
      const by = TASK_FORCE_LEADER_LABELS[facts['by'] as keyof typeof TASK_FORCE_LEADER_LABELS] ?? '领导';
      return { title: `领导批示：${names.task}`, text: `工作专班${by}作出批示，请阅示并报送落实情况。` };
    }
    case 'bulletin_published':
      return {
        title: `督查通报：${period}`,
        text: `${period}督查通报已签发${Number(facts['version']) > 1 ? '（更正版）' : ''}，请阅知并标记已阅。`,
      };
    default:
      return { title: `待办：${names.task}`, text: '有新的待办事项。' };
  }
}

function dayLabel(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : day;
}
