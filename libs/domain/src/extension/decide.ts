import { mayDo, type DocumentChain } from '../document-chain';
import { dayProblems, endOfCstDay, refuse, textProblems } from '../document-checks';
import type { FieldProblem } from '../report/rules';
import { periodProblems } from '../report/rules';
import { reportDeadline } from '../target/calendar';
import type { ApproveExtension, ExtensionCommand, RefuseExtension, RequestExtension } from './commands';
import { DEFAULT_EXTENSION_CHAIN, type ExtensionChainAction } from './chain';
import type { ExtensionEvent } from './events';
import type { ExtensionState } from './state';

/** 延期申请's rules: which events a command produces in a state, or why it is refused. */
export function decideExtension(
  command: ExtensionCommand,
  state: ExtensionState,
  chain: DocumentChain<ExtensionChainAction> = DEFAULT_EXTENSION_CHAIN,
): ExtensionEvent[] {
  switch (command.type) {
    case 'RequestExtension':
      return request(command, state, chain);
    case 'ApproveExtension':
    case 'RefuseExtension':
      return decideOn(command, state, chain);
    default:
      return assertNever(command);
  }
}

function request(command: RequestExtension, state: ExtensionState, chain: DocumentChain<ExtensionChainAction>): ExtensionEvent[] {
  const { actor, task } = command;
  if (!mayDo(chain, 'request', actor) || !actor.unitId || !task.leadUnits.includes(actor.unitId))
    throw refuse('forbidden', 'only a lead unit of the task may ask for an extension / 仅任务牵头单位可申请延期');
  if (state.status !== 'empty') throw refuse('invalid_state', 'the extension has been requested already / 延期申请已提交');
  const unitId = actor.unitId;
  const { period, noticeId, notice } = command;
  if ((period === undefined) === (noticeId === undefined)) {
    const message = 'name exactly one of period and noticeId / 期间与督办单须且只须填写一项';
    throw refuse('invalid_input', 'the extension request is not valid / 延期申请内容有误', [
      { field: 'period', message },
      { field: 'noticeId', message },
    ]);
  }
  const problems: FieldProblem[] = [...textProblems('reason', command.reason, true), ...dayProblems('until', command.until, command.now)];
  let deadline: string | undefined;
  if (period !== undefined) {
    const periodProblem = periodProblems(period, command.plan.year);
    problems.push(...periodProblem);
    if (periodProblem.length === 0) deadline = reportDeadline(period, command.plan.calendar);
  } else if (!notice || notice.taskId !== task.taskId) {
    problems.push({ field: 'noticeId', message: 'no such notice on this task / 该任务无此督办单' });
  } else {
    if (!notice.unitIds.includes(unitId)) throw refuse('forbidden', 'the notice was not sent to your unit / 督办单非发给本单位');
    if (notice.status === 'closed' || notice.status === 'empty') throw refuse('invalid_state', 'the notice is closed / 督办单已销号');
    deadline = notice.dueAt;
  }
  if (problems.length === 0 && deadline !== undefined && endOfCstDay(command.until) <= deadline)
    problems.push({ field: 'until', message: 'an extension asks for a day after the deadline / 延期日期须晚于原期限' });
  if (problems.length > 0 || deadline === undefined)
    throw refuse('invalid_input', 'the extension request is not valid / 延期申请内容有误', problems);
  return [
    {
      type: 'ExtensionRequested',
      data: {
        extensionId: command.extensionId,
        at: command.now,
        planId: task.planId,
        taskId: task.taskId,
        unitId,
        requestedBy: actor.actorId,
        ...(period === undefined ? { noticeId: noticeId! } : { period }),
        deadline,
        until: command.until,
        reason: command.reason.trim(),
      },
    },
  ];
}

/** The office decides; never the unit that asked, nor whoever asked for it (separation of duties). */
function decideOn(
  command: ApproveExtension | RefuseExtension,
  state: ExtensionState,
  chain: DocumentChain<ExtensionChainAction>,
): ExtensionEvent[] {
  const { actor } = command;
  if (!mayDo(chain, command.type === 'ApproveExtension' ? 'approve' : 'refuse', actor))
    throw refuse('forbidden', 'only the task force office decides extensions / 仅工作专班办公室可审批延期');
  if (state.status === 'empty') throw refuse('invalid_state', 'no such extension request / 延期申请不存在');
  if (actor.actorId === state.requestedBy || (actor.unitId !== null && actor.unitId === state.unitId))
    throw refuse('forbidden', 'a unit cannot decide its own request / 申请单位不能审批本单位的申请');
  if (state.status !== 'requested') throw refuse('invalid_state', 'the request has been decided / 延期申请已审批');
  if (command.type === 'RefuseExtension') {
    const problems = textProblems('reason', command.reason, true);
    if (problems.length > 0) throw refuse('invalid_input', 'a reason is required / 请填写不予延期的理由', problems);
    return [{ type: 'ExtensionRefused', data: { extensionId: state.extensionId, at: command.now, reason: command.reason.trim() } }];
  }
  const problems = textProblems('comment', command.comment, false);
  if (problems.length > 0) throw refuse('invalid_input', 'the comment is not valid / 审批意见有误', problems);
  const comment = command.comment?.trim();
  return [
    {
      type: 'ExtensionApproved',
      data: {
        extensionId: state.extensionId,
        at: command.now,
        taskId: state.taskId,
        ...(state.period === undefined ? { noticeId: state.noticeId! } : { period: state.period }),
        until: state.until,
        ...(comment ? { comment } : {}),
      },
    },
  ];
}

function assertNever(value: never): never {
  throw new Error(`unexpected extension command: ${JSON.stringify(value)}`);
}
