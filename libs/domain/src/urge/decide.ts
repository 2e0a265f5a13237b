import { mayDo, type DocumentChain } from '../document-chain';
import { refuse, textProblems } from '../document-checks';
import type { AcknowledgeTaskUrge, UrgeCommand, UrgeTask } from './commands';
import { DEFAULT_URGE_CHAIN, type UrgeChainAction } from './chain';
import type { UrgeEvent } from './events';
import type { UrgeState } from './state';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MAX_URGE_MESSAGE = 500;

/** 催报's rules: which events a command produces in a state, or why it is refused. */
export function decideUrge(
  command: UrgeCommand,
  state: UrgeState,
  chain: DocumentChain<UrgeChainAction> = DEFAULT_URGE_CHAIN,
): UrgeEvent[] {
  switch (command.type) {
    case 'UrgeTask':
      return urge(command, state, chain);
    case 'AcknowledgeTaskUrge':
      return acknowledge(command, state, chain);
    default:
      return assertNever(command);
  }
}

function urge(command: UrgeTask, state: UrgeState, chain: DocumentChain<UrgeChainAction>): UrgeEvent[] {
  if (!mayDo(chain, 'urge', command.actor))
    throw refuse('forbidden', 'only the task force office may urge a report / 仅工作专班办公室可催报');
  if (state.status !== 'empty') throw refuse('invalid_state', 'the task has been urged for this period already / 本期已催报');
  const problems = [
    ...(PERIOD.test(command.period)
      ? []
      : [{ field: 'period', message: `"${command.period}" is not a month written YYYY-MM / 期间格式应为 YYYY-MM` }]),
    ...textProblems('message', command.message, false, MAX_URGE_MESSAGE),
  ];
  if (problems.length > 0) throw refuse('invalid_input', 'the urge is not valid / 催报内容有误', problems);
  if (command.reported) throw refuse('invalid_state', 'the report for this period has been filed / 本期报告已报送');
  const message = command.message?.trim();
  return [
    {
      type: 'TaskUrged',
      data: {
        urgeId: command.urgeId,
        at: command.now,
        planId: command.task.planId,
        taskId: command.task.taskId,
        period: command.period,
        unitIds: command.task.leadUnits,
        ...(message ? { message } : {}),
      },
    },
  ];
}

function acknowledge(command: AcknowledgeTaskUrge, state: UrgeState, chain: DocumentChain<UrgeChainAction>): UrgeEvent[] {
  if (state.status === 'empty') throw refuse('invalid_state', 'no such urge / 催报不存在');
  const { actor } = command;
  if (!mayDo(chain, 'acknowledge', actor) || !actor.unitId || !state.unitIds.includes(actor.unitId))
    throw refuse('forbidden', 'only a unit that was urged may acknowledge it / 仅被催报单位可确认');
  if (state.acknowledgedBy.includes(actor.unitId)) return []; // seen already: seeing again changes nothing
  return [{ type: 'TaskUrgeAcknowledged', data: { urgeId: state.urgeId, at: command.now, unitId: actor.unitId } }];
}

function assertNever(value: never): never {
  throw new Error(`unexpected urge command: ${JSON.stringify(value)}`);
}
