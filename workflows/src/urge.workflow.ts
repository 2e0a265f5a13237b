import { allHandlersFinished, condition, defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';
import {
  decideUrge,
  evolveUrge,
  initialUrgeState,
  summarizeUrge,
  urgeStreamId,
  type UrgeCommand,
  type UrgeEvent,
  type UrgeState,
  type UrgeSummary,
  type UrgeTask,
  type DocumentChain,
  type UrgeChainAction,
} from '@ledger/domain';
import { documentRunner, type By, type StoredStream } from './document';

export type UrgeTaskInput = By & Pick<UrgeTask, 'task' | 'period' | 'message' | 'reported'>;

export const urgeTaskUpdate = defineUpdate<UrgeSummary | null, [UrgeTaskInput]>('urgeTask');
export const acknowledgeUrgeUpdate = defineUpdate<UrgeSummary | null, [By]>('acknowledgeUrge');
export const urgeSummaryQuery = defineQuery<UrgeSummary | null>('urgeSummary');

export interface UrgeWorkflowInput {
  /** `<taskId>-<period>`: one urge per task and period. */
  urgeId: string;
  /** The plan's chain for this kind; the default chain when absent (workflows started before chains were plan data). */
  chain?: DocumentChain<UrgeChainAction>;
  /** The document's stream so far, when reconcile starts its workflow again (Temporal's state was lost). */
  stored?: StoredStream<UrgeEvent>;
}

/** How long an urge started by hand waits for its first act before the workflow gives up. */
const URGE_WINDOW = '1 hour';

/** The workflow id names the task and period, so two urges of one task and period cannot both start. */
export function urgeWorkflowId(urgeId: string): string {
  return urgeStreamId(urgeId);
}

/**
 * One 催报 (id `urge-<taskId>-<period>`, also its stream): recorded by the office, then open
 * until every lead unit asked has acknowledged it.
 */
export async function urgeWorkflow(input: UrgeWorkflowInput): Promise<UrgeSummary | null> {
  const { urgeId } = input;
  const runner = documentRunner<UrgeCommand, UrgeEvent, UrgeState, UrgeSummary | null>(
    {
      streamId: urgeStreamId(urgeId),
      stored: input.stored,
      initial: initialUrgeState,
      decide: (command, state) => decideUrge(command, state, input.chain),
      evolve: evolveUrge,
    },
    summarizeUrge,
  );
  runner.operation(urgeTaskUpdate, (i, at) => ({
    type: 'UrgeTask',
    actor: i.actor,
    now: at,
    urgeId,
    task: i.task,
    period: i.period,
    message: i.message,
    reported: i.reported,
  }));
  runner.operation(acknowledgeUrgeUpdate, (i, at) => ({ type: 'AcknowledgeTaskUrge', actor: i.actor, now: at }));
  setHandler(urgeSummaryQuery, () => summarizeUrge(runner.state()));

  if (await condition(() => runner.state().status !== 'empty', URGE_WINDOW)) {
    await condition(() => runner.state().status === 'acknowledged');
  }
  await runner.settled();
  await condition(allHandlersFinished);
  return summarizeUrge(runner.state());
}
