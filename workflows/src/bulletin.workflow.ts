import { allHandlersFinished, condition, defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';
import {
  decideBulletin,
  evolveBulletin,
  initialBulletinState,
  summarizeBulletin,
  type BulletinChainAction,
  type BulletinCommand,
  type BulletinEvent,
  type BulletinState,
  type BulletinSummary,
  type DocumentChain,
  type DraftBulletin,
} from '@ledger/domain';
import { documentRunner, type By, type StoredStream } from './document';

export type DraftBulletinInput = By & Pick<DraftBulletin, 'planId' | 'period' | 'figures' | 'memberUnits'>;
export type BulletinCommentaryInput = By & { text: string };

export const draftBulletinUpdate = defineUpdate<BulletinSummary | null, [DraftBulletinInput]>('draftBulletin');
export const editBulletinCommentaryUpdate = defineUpdate<BulletinSummary | null, [BulletinCommentaryInput]>('editBulletinCommentary');
export const approveBulletinUpdate = defineUpdate<BulletinSummary | null, [By]>('approveBulletin');
export const readBulletinUpdate = defineUpdate<BulletinSummary | null, [By]>('readBulletin');
export const bulletinSummaryQuery = defineQuery<BulletinSummary | null>('bulletinSummary');

export interface BulletinWorkflowInput {
  /** `bulletin-<planId>-<period>`: also the workflow id and the stream. */
  bulletinId: string;
  /** The plan's chain for this kind; the default chain when absent. */
  chain?: DocumentChain<BulletinChainAction>;
  /**
   * When the period's bulletin is closed to corrections (ISO 8601): the end of the year after the
   * plan's. Until then a new draft of the period can always reach this workflow.
   */
  closesAt: string;
  /** The document's stream so far, when reconcile starts its workflow again (Temporal's state was lost). */
  stored?: StoredStream<BulletinEvent>;
}

/** How long a bulletin started by hand waits for its first draft before the workflow gives up. */
const DRAFT_WINDOW = '1 hour';

/**
 * One period's 督查通报 (id `bulletin-<planId>-<period>`, also its stream): drafted by the
 * office's staff, its commentary edited, signed off (签发) by the office, which publishes it to
 * the member units, each of which marks it read (已阅). A correction is a new draft of the same
 * workflow, a new version signed off again; so the workflow stays open until `closesAt`.
 */
export async function bulletinWorkflow(input: BulletinWorkflowInput): Promise<BulletinSummary | null> {
  const { bulletinId } = input;
  const runner = documentRunner<BulletinCommand, BulletinEvent, BulletinState, BulletinSummary | null>(
    {
      streamId: bulletinId,
      stored: input.stored,
      initial: initialBulletinState,
      decide: (command, state) => decideBulletin(command, state, input.chain),
      evolve: evolveBulletin,
    },
    summarizeBulletin,
  );
  runner.operation(draftBulletinUpdate, (i, at) => ({
    type: 'DraftBulletin',
    actor: i.actor,
    now: at,
    bulletinId,
    planId: i.planId,
    period: i.period,
    figures: i.figures,
    memberUnits: i.memberUnits,
  }));
  runner.operation(editBulletinCommentaryUpdate, (i, at) => ({ type: 'EditBulletinCommentary', actor: i.actor, now: at, text: i.text }));
  runner.operation(approveBulletinUpdate, (i, at) => ({ type: 'ApproveBulletin', actor: i.actor, now: at }));
  runner.operation(readBulletinUpdate, (i, at) => ({ type: 'ReadBulletin', actor: i.actor, now: at }));
  setHandler(bulletinSummaryQuery, () => summarizeBulletin(runner.state()));

  if (await condition(() => runner.state().status !== 'empty', DRAFT_WINDOW)) {
    await condition(() => false, Math.max(1, Date.parse(input.closesAt) - Date.now()));
  }
  await runner.settled();
  await condition(allHandlersFinished);
  return summarizeBulletin(runner.state());
}
