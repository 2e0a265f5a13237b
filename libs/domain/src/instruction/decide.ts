import type { Actor } from '../actors';
import { attachmentProblems, withAttachments } from '../attachments';
import { mayDo, type DocumentChain } from '../document-chain';
import { refuse, textProblems } from '../document-checks';
import type { FieldProblem } from '../report/rules';
import type { AcknowledgeInstruction, InstructionCommand, RecordInstruction, ReportOnInstruction } from './commands';
import { DEFAULT_INSTRUCTION_CHAIN, type InstructionChainAction } from './chain';
import { TASK_FORCE_LEADER_LABELS, type InstructionBy, type InstructionEvent } from './events';
import type { InstructionState } from './state';

/** 领导批示's rules: which events a command produces in a state, or why it is refused. */
export function decideInstruction(
  command: InstructionCommand,
  state: InstructionState,
  chain: DocumentChain<InstructionChainAction> = DEFAULT_INSTRUCTION_CHAIN,
): InstructionEvent[] {
  switch (command.type) {
    case 'RecordInstruction':
      return record(command, state, chain);
    case 'AcknowledgeInstruction':
      return acknowledge(command, state, chain);
    case 'ReportOnInstruction':
      return report(command, state, chain);
    default:
      return assertNever(command);
  }
}

/** The position the plan gives the role; the unit picks one when the plan has several (副召集人). */
function leader(command: RecordInstruction): InstructionBy | FieldProblem {
  const { by, byUnit, taskForce } = command;
  const candidates = by === 'convener' ? [taskForce.convener] : by === 'deputy_convener' ? taskForce.deputyConveners : [];
  if (candidates.length === 0)
    return {
      field: 'by',
      message: 'by is 召集人 (convener) or 副召集人 (deputy_convener) of the task force / 须为工作专班召集人或副召集人',
    };
  const matching = byUnit === undefined ? candidates : candidates.filter((role) => role.unit === byUnit);
  if (matching.length !== 1)
    return {
      field: 'byUnit',
      message: `name the unit of the ${TASK_FORCE_LEADER_LABELS[by]}: one of ${candidates.map((role) => role.unit).join(', ')} / 请选择${TASK_FORCE_LEADER_LABELS[by]}所在单位`,
    };
  return { role: by, unit: matching[0]!.unit, position: matching[0]!.position };
}

function record(command: RecordInstruction, state: InstructionState, chain: DocumentChain<InstructionChainAction>): InstructionEvent[] {
  if (!mayDo(chain, 'record', command.actor))
    throw refuse('forbidden', 'only the task force office records instructions / 仅工作专班办公室可录入批示');
  if (state.status !== 'empty') throw refuse('invalid_state', 'the instruction has been recorded already / 批示已录入');
  const by = leader(command);
  const problems: FieldProblem[] = [...('field' in by ? [by] : []), ...textProblems('text', command.text, true)];
  const { notice, noticeId, task } = command;
  if (noticeId !== undefined && (!notice || notice.taskId !== task.taskId))
    problems.push({ field: 'noticeId', message: 'no such notice on this task / 该任务无此督办单' });
  if (problems.length > 0 || 'field' in by) throw refuse('invalid_input', 'the instruction is not valid / 批示内容有误', problems);
  return [
    {
      type: 'InstructionRecorded',
      data: {
        instructionId: command.instructionId,
        at: command.now,
        planId: task.planId,
        taskId: task.taskId,
        ...(noticeId === undefined ? {} : { noticeId }),
        unitIds: notice ? notice.unitIds : task.leadUnits,
        by,
        text: command.text.trim(),
      },
    },
  ];
}

/** A lead unit the instruction went to, acting for itself at the stage the chain gives `action`. */
function unitOf(
  actor: Actor,
  state: InstructionState,
  action: InstructionChainAction,
  chain: DocumentChain<InstructionChainAction>,
): { unitId: string; state: Exclude<InstructionState, { status: 'empty' }> } {
  if (state.status === 'empty') throw refuse('invalid_state', 'no such instruction / 批示不存在');
  if (!mayDo(chain, action, actor) || !actor.unitId || !state.unitIds.includes(actor.unitId))
    throw refuse('forbidden', 'only a unit the instruction went to may answer it / 仅批示涉及的牵头单位可办理');
  return { unitId: actor.unitId, state };
}

function acknowledge(
  command: AcknowledgeInstruction,
  current: InstructionState,
  chain: DocumentChain<InstructionChainAction>,
): InstructionEvent[] {
  const { unitId, state } = unitOf(command.actor, current, 'acknowledge', chain);
  if (state.acknowledgedBy.includes(unitId)) return []; // read already: reading again changes nothing
  return [{ type: 'InstructionAcknowledged', data: { instructionId: state.instructionId, at: command.now, unitId } }];
}

function report(command: ReportOnInstruction, current: InstructionState, chain: DocumentChain<InstructionChainAction>): InstructionEvent[] {
  const { unitId, state } = unitOf(command.actor, current, 'report', chain);
  if (!state.acknowledgedBy.includes(unitId)) throw refuse('invalid_state', 'read the instruction first (阅示) / 请先阅示');
  if (state.reports.some((r) => r.unitId === unitId))
    throw refuse('invalid_state', 'your unit has reported on it already / 本单位已报送落实情况');
  const problems = [...textProblems('text', command.text, true), ...attachmentProblems(command.attachments)];
  if (problems.length > 0) throw refuse('invalid_input', 'the report is not valid / 落实情况有误', problems);
  const data = {
    instructionId: state.instructionId,
    at: command.now,
    unitId,
    text: command.text.trim(),
    ...withAttachments(command.attachments),
  };
  return [{ type: 'InstructionCarriedOut', data }];
}

function assertNever(value: never): never {
  throw new Error(`unexpected instruction command: ${JSON.stringify(value)}`);
}
