import type { Actor } from '../actors';
import { attachmentProblems, withAttachments } from '../attachments';
import { dayProblems, endOfCstDay, refuse, textProblems } from '../document-checks';
import { mayDo } from '../document-chain';
import { addWorkingDays } from '../working-days';
import type {
  AcknowledgeNotice,
  AddNoticePeriod,
  ClearNoticeCause,
  CloseNotice,
  EscalateNotice,
  ExtendNoticeDeadline,
  IssueNotice,
  NoticeCommand,
  NoticeContext,
  RespondToNotice,
  ReturnNotice,
} from './commands';
import type { NoticeEvent } from './events';
import type { NoticeChainAction } from './chain';
import { acknowledgeWorkingDays, raisedLevel } from './rules';
import { escalationKey, type NoticeState, type OpenNotice } from './state';

/** The notice's rules: which events a command produces in a state, or why it is refused. */
export function decideNotice(command: NoticeCommand, state: NoticeState, context: NoticeContext): NoticeEvent[] {
  switch (command.type) {
    case 'IssueNotice':
      return issue(command, state, context);
    case 'AcknowledgeNotice':
      return acknowledge(command, state, context);
    case 'RespondToNotice':
      return respond(command, state, context);
    case 'ReturnNotice':
      return returnToUnit(command, state, context);
    case 'CloseNotice':
      return close(command, state, context);
    case 'EscalateNotice':
      return escalate(command, state);
    case 'AddNoticePeriod':
      return addPeriod(command, state);
    case 'ClearNoticeCause':
      return clearCause(command, state);
    case 'ExtendNoticeDeadline':
      return extend(command, state);
    default:
      return assertNever(command);
  }
}

const isSystem = (actor: Actor) => actor.role === 'system';

function issue(command: IssueNotice, state: NoticeState, context: NoticeContext): NoticeEvent[] {
  if (state.status !== 'empty') throw refuse('invalid_state', 'the notice has already been issued / 督办单已下发');
  if (!isSystem(command.actor) && !mayDo(context.rules.chain, 'issue', command.actor))
    throw refuse('forbidden', 'only the task force office may issue a notice / 仅工作专班办公室可下发督办单');
  const unitIds = command.unitIds ?? command.task.leadUnits;
  const problems = [
    ...textProblems('matter', command.matter, true),
    ...(command.dueDate === undefined ? [] : dayProblems('dueDate', command.dueDate, command.now)),
    ...(unitIds.length === 0 || unitIds.some((unit) => !command.task.leadUnits.includes(unit))
      ? [{ field: 'unitIds', message: 'a notice goes to lead units of the task / 督办对象须为任务牵头单位' }]
      : []),
  ];
  if (problems.length > 0) throw refuse('invalid_input', 'the notice is not valid / 督办单内容有误', problems);
  const { rules, calendar } = context;
  return [
    {
      type: 'NoticeIssued',
      data: {
        noticeId: command.noticeId,
        at: command.now,
        planId: command.task.planId,
        taskId: command.task.taskId,
        unitIds,
        level: command.level,
        cause: command.cause,
        matter: command.matter.trim(),
        periods: command.periods,
        acknowledgeBy: addWorkingDays(command.now, acknowledgeWorkingDays(rules), calendar),
        dueAt: command.dueDate
          ? endOfCstDay(command.dueDate)
          : addWorkingDays(command.now, rules.responseWorkingDays[command.level], calendar),
      },
    },
  ];
}

function openNotice(state: NoticeState): OpenNotice {
  if (state.status === 'empty') throw refuse('invalid_state', 'no such notice / 督办单不存在');
  if (state.status === 'closed') throw refuse('invalid_state', 'the notice is closed / 督办单已销号');
  return state;
}

/** A lead unit the notice went to, acting for itself at the stage the chain gives `action`. */
function unitOf(actor: Actor, notice: OpenNotice, action: NoticeChainAction, context: NoticeContext): string {
  if (!mayDo(context.rules.chain, action, actor) || !actor.unitId || !notice.unitIds.includes(actor.unitId))
    throw refuse('forbidden', 'only the unit the notice went to may answer it / 仅被督办单位可办理');
  return actor.unitId;
}

function acknowledge(command: AcknowledgeNotice, state: NoticeState, context: NoticeContext): NoticeEvent[] {
  const notice = openNotice(state);
  const unitId = unitOf(command.actor, notice, 'acknowledge', context);
  if (notice.status !== 'issued') return []; // signed for already: signing again changes nothing
  return [{ type: 'NoticeAcknowledged', data: { noticeId: notice.noticeId, at: command.now, unitId } }];
}

function respond(command: RespondToNotice, state: NoticeState, context: NoticeContext): NoticeEvent[] {
  const notice = openNotice(state);
  const unitId = unitOf(command.actor, notice, 'respond', context);
  if (notice.status === 'issued') throw refuse('invalid_state', 'sign for the notice first / 请先签收督办单');
  if (notice.status === 'responded') throw refuse('invalid_state', 'the answer is being checked / 整改反馈正在核查');
  const problems = [
    ...textProblems('measures', command.measures, true),
    ...dayProblems('expectedBy', command.expectedBy, notice.issuedAt),
    ...(command.evidence.length > 20 ? [{ field: 'evidence', message: 'at most 20 items / 佐证材料不超过 20 项' }] : []),
    ...attachmentProblems(command.attachments),
  ];
  if (problems.length > 0) throw refuse('invalid_input', 'the answer is not valid / 整改反馈内容有误', problems);
  return [
    {
      type: 'NoticeResponded',
      data: {
        noticeId: notice.noticeId,
        at: command.now,
        unitId,
        measures: command.measures.trim(),
        expectedBy: command.expectedBy,
        evidence: command.evidence,
        ...withAttachments(command.attachments),
      },
    },
  ];
}

function checking(command: ReturnNotice | CloseNotice, state: NoticeState, context: NoticeContext): OpenNotice {
  const notice = openNotice(state);
  if (!mayDo(context.rules.chain, command.type === 'ReturnNotice' ? 'return' : 'close', command.actor))
    throw refuse('forbidden', 'only the task force office checks notices / 仅工作专班办公室可核查');
  return notice;
}

function returnToUnit(command: ReturnNotice, state: NoticeState, context: NoticeContext): NoticeEvent[] {
  const notice = checking(command, state, context);
  if (notice.status !== 'responded') throw refuse('invalid_state', 'only an answered notice can be returned / 仅已反馈的督办单可退回');
  const problems = textProblems('reason', command.reason, true);
  if (problems.length > 0) throw refuse('invalid_input', 'a reason is required / 请填写退回理由', problems);
  const dueAt = addWorkingDays(command.now, context.rules.responseWorkingDays[notice.level], context.calendar);
  return [{ type: 'NoticeReturned', data: { noticeId: notice.noticeId, at: command.now, reason: command.reason.trim(), dueAt } }];
}

/** 销号 after 核查 of the unit's answer, or once the cause has gone away (可销号). */
function close(command: CloseNotice, state: NoticeState, context: NoticeContext): NoticeEvent[] {
  const notice = checking(command, state, context);
  if (notice.status !== 'responded' && !notice.causeCleared)
    throw refuse('invalid_state', 'the unit has not answered and the cause remains / 单位尚未反馈且问题仍在，不能销号');
  const problems = textProblems('comment', command.comment, false);
  if (problems.length > 0) throw refuse('invalid_input', 'the comment is not valid / 销号意见有误', problems);
  return [
    {
      type: 'NoticeClosed',
      data: { noticeId: notice.noticeId, at: command.now, ...(command.comment ? { comment: command.comment.trim() } : {}) },
    },
  ];
}

/**
 * A deadline timer fired. The level rises once per unmet deadline; nothing happens when the unit
 * met it meanwhile, when the deadline moved later, or when it was escalated already (a replayed timer).
 */
function escalate(command: EscalateNotice, state: NoticeState): NoticeEvent[] {
  if (!isSystem(command.actor)) throw refuse('forbidden', 'deadlines are the system’s to record / 期限由系统记录');
  if (state.status === 'empty' || state.status === 'closed') return [];
  const dueAt = command.deadline === 'acknowledge' ? state.acknowledgeBy : state.dueAt;
  const met = command.deadline === 'acknowledge' ? state.status !== 'issued' : state.status === 'responded';
  if (met || command.now < dueAt || state.escalated.includes(escalationKey(command.deadline, dueAt))) return [];
  return [
    {
      type: 'NoticeEscalated',
      data: {
        noticeId: state.noticeId,
        at: command.now,
        deadline: command.deadline,
        dueAt,
        from: state.level,
        to: raisedLevel(state.level),
      },
    },
  ];
}

function addPeriod(command: AddNoticePeriod, state: NoticeState): NoticeEvent[] {
  if (!isSystem(command.actor)) throw refuse('forbidden', 'periods are added by supervision / 由系统督查记录');
  const notice = openNotice(state);
  if (notice.periods.includes(command.period)) return [];
  return [{ type: 'NoticePeriodAdded', data: { noticeId: notice.noticeId, at: command.now, period: command.period } }];
}

function clearCause(command: ClearNoticeCause, state: NoticeState): NoticeEvent[] {
  if (!isSystem(command.actor)) throw refuse('forbidden', 'causes are cleared by supervision / 由系统督查记录');
  if (state.status === 'empty' || state.status === 'closed' || state.causeCleared) return [];
  return [{ type: 'NoticeCauseCleared', data: { noticeId: state.noticeId, at: command.now, detail: command.detail } }];
}

function extend(command: ExtendNoticeDeadline, state: NoticeState): NoticeEvent[] {
  if (!isSystem(command.actor) && command.actor.role !== 'office')
    throw refuse('forbidden', 'only an approved extension moves the deadline / 仅经批准的延期可调整期限');
  const notice = openNotice(state);
  const problems = dayProblems('until', command.until, command.now);
  if (problems.length > 0) throw refuse('invalid_input', 'the new deadline is not valid / 延期日期有误', problems);
  const dueAt = endOfCstDay(command.until);
  if (dueAt <= notice.dueAt)
    throw refuse('invalid_input', 'an extension moves the deadline later / 延期日期须晚于原期限', [
      { field: 'until', message: '须晚于原期限' },
    ]);
  return [
    { type: 'NoticeDeadlineExtended', data: { noticeId: notice.noticeId, at: command.now, extensionId: command.extensionId, dueAt } },
  ];
}

function assertNever(value: never): never {
  throw new Error(`unexpected notice command: ${JSON.stringify(value)}`);
}
