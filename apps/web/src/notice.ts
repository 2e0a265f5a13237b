import type { Attachment, Notice, NoticeHistoryEntry, NoticeStatus, User } from './api';
import { dayLabel, chinaTime, daysBetween } from './china-time';
import { NOTICE_CAUSE_LABEL, NOTICE_DEADLINE_LABEL, NOTICE_LEVEL_LABEL, ROLE_OF_ACTOR } from './labels';
import { periodLabel } from './period';

export type NoticeAction = 'acknowledge' | 'respond' | 'return' | 'close';

/** What a notice waits for from its unit: 签收 while issued, 整改反馈 once signed for or sent back. */
export function unitTodo(status: NoticeStatus): '待签收' | '待反馈' | null {
  switch (status) {
    case 'issued':
      return '待签收';
    case 'acknowledged':
    case 'returned':
      return '待反馈';
    case 'responded':
    case 'closed':
      return null;
    default: {
      const never: never = status;
      return never;
    }
  }
}

/** What a notice waits for from the 工作专班办公室: 核查 of an answer, or 销号 once its cause went away. */
export function supervisorTodo(notice: Pick<Notice, 'status' | 'causeCleared'>): '待核查' | '可销号' | null {
  if (notice.status === 'responded') return '待核查';
  return notice.status !== 'closed' && notice.causeCleared ? '可销号' : null;
}

/**
 * The actions this viewer may take on the notice now: the unit it went to signs and answers, the
 * office returns or closes an answered notice (or one whose cause went away). The API has the last word.
 */
export function noticeActionsFor(user: User, notice: Notice): NoticeAction[] {
  if (user.role === 'submitter') {
    if (!user.unitId || !notice.unitIds.includes(user.unitId)) return [];
    const todo = unitTodo(notice.status);
    return todo === '待签收' ? ['acknowledge'] : todo === '待反馈' ? ['respond'] : [];
  }
  if (user.role === 'coordinator' || user.role === 'office') {
    if (notice.status === 'responded') return ['return', 'close'];
    if (notice.status !== 'closed' && notice.causeCleared) return ['close'];
  }
  return [];
}

/** Who acted, as the console may name them: the unit for a unit's act, the role otherwise; never an account. */
export function actorText(entry: NoticeHistoryEntry, unitName: (unitId: string | null | undefined) => string): string {
  if (entry.role === 'submitter') return typeof entry.detail.unitId === 'string' ? unitName(entry.detail.unitId) : '牵头单位';
  return ROLE_OF_ACTOR[entry.role] ?? '—';
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const label = (labels: Record<string, string>, value: unknown) => labels[text(value)] ?? '';

/** The step's own words, in Chinese: the matter, measures, reason, comment, the level it rose to, … */
export function historyDetail(entry: NoticeHistoryEntry): string[] {
  const d = entry.detail;
  switch (entry.type) {
    case 'NoticeIssued': {
      const periods = Array.isArray(d.periods) ? d.periods.map((p) => periodLabel(String(p))).join('、') : '';
      return [
        [label(NOTICE_LEVEL_LABEL, d.level), label(NOTICE_CAUSE_LABEL, d.cause)].filter(Boolean).join(' · '),
        periods && `涉及期间：${periods}`,
        text(d.matter) && `督办事项：${text(d.matter)}`,
      ].filter(Boolean);
    }
    case 'NoticeResponded':
      return [
        `整改措施：${text(d.measures)}`,
        `预计整改到位：${dayLabel(text(d.expectedBy))}`,
        ...(Array.isArray(d.evidence) && d.evidence.length > 0 ? [`佐证材料：${d.evidence.join('；')}`] : []),
      ];
    case 'NoticeReturned':
      return [`退回理由：${text(d.reason)}`, `新的办理时限：${chinaTime(text(d.dueAt))}`];
    case 'NoticeClosed':
      return text(d.comment) ? [`销号意见：${text(d.comment)}`] : [];
    case 'NoticeEscalated':
      return [`${label(NOTICE_DEADLINE_LABEL, d.deadline)}：${label(NOTICE_LEVEL_LABEL, d.from)} → ${label(NOTICE_LEVEL_LABEL, d.to)}`];
    case 'NoticePeriodAdded':
      return [`${periodLabel(text(d.period))}未报送，并入本督办单`];
    case 'NoticeCauseCleared':
      return [text(d.detail), '可销号'].filter(Boolean);
    case 'NoticeDeadlineExtended':
      return [`办理时限延至 ${chinaTime(text(d.dueAt))}`];
    default:
      return [];
  }
}

/** The reason of the latest 退回, for the unit answering again. */
export function lastReturnReason(notice: Notice): string | null {
  const entry = notice.history.findLast((e) => e.type === 'NoticeReturned');
  return entry ? text(entry.detail.reason) : null;
}

/** The unit's latest answer: the one under check, or from the history once returned or closed. */
export function latestResponse(notice: Notice): Notice['response'] | null {
  if (notice.response) return notice.response;
  const entry = notice.history.findLast((e) => e.type === 'NoticeResponded');
  if (!entry) return null;
  const { measures, expectedBy, evidence, attachments } = entry.detail;
  return {
    measures: text(measures),
    expectedBy: text(expectedBy),
    evidence: Array.isArray(evidence) ? evidence.map(String) : [],
    ...(Array.isArray(attachments) ? { attachments: attachments as Attachment[] } : {}),
    at: entry.at,
  };
}

/** 已办天数: calendar days from issue to closing, or to now while open. */
export function daysOpen(notice: Notice, now: Date): number {
  const closed = notice.status === 'closed' ? notice.history.findLast((e) => e.type === 'NoticeClosed')?.at : undefined;
  return daysBetween(notice.issuedAt, closed ?? now);
}

/** An open notice past its current deadline (签收 while issued, 整改反馈 while with the unit). */
export function isOverdue(notice: Notice, now: Date): boolean {
  const due = notice.status === 'issued' ? notice.acknowledgeBy : unitTodo(notice.status) ? notice.dueAt : null;
  return due !== null && Date.parse(due) < now.getTime();
}
