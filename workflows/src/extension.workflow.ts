import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  getExternalWorkflowHandle,
  log,
  setHandler,
} from '@temporalio/workflow';
import {
  decideExtension,
  evolveExtension,
  extensionStreamId,
  initialExtensionState,
  summarizeExtension,
  SYSTEM_ACTOR,
  type ExtensionCommand,
  type ExtensionEvent,
  type ExtensionState,
  type ExtensionSummary,
  type RequestExtension,
  type DocumentChain,
  type ExtensionChainAction,
} from '@ledger/domain';
import { activities, documentRunner, signalIfRunning, type By, type StoredStream } from './document';
import { periodDeadlineExtendedSignal, targetWorkflowId } from './target.workflow';

export type RequestExtensionInput = By & Pick<RequestExtension, 'task' | 'plan' | 'period' | 'noticeId' | 'notice' | 'until' | 'reason'>;
export type ApproveExtensionInput = By & { comment?: string };
export type RefuseExtensionInput = By & { reason: string };

export const requestExtensionUpdate = defineUpdate<ExtensionSummary | null, [RequestExtensionInput]>('requestExtension');
export const approveExtensionUpdate = defineUpdate<ExtensionSummary | null, [ApproveExtensionInput]>('approveExtension');
export const refuseExtensionUpdate = defineUpdate<ExtensionSummary | null, [RefuseExtensionInput]>('refuseExtension');
export const extensionSummaryQuery = defineQuery<ExtensionSummary | null>('extensionSummary');

export interface ExtensionWorkflowInput {
  extensionId: string;
  /** The plan's chain for this kind; the default chain when absent (workflows started before chains were plan data). */
  chain?: DocumentChain<ExtensionChainAction>;
  /** The document's stream so far, when reconcile starts its workflow again (Temporal's state was lost). */
  stored?: StoredStream<ExtensionEvent>;
}

/** How long a request started by hand waits for its content before the workflow gives up. */
const REQUEST_WINDOW = '1 hour';

export function extensionWorkflowId(extensionId: string): string {
  return extensionStreamId(extensionId);
}

/**
 * One 延期申请 (id `extension-<id>`, also its stream): asked by a lead unit, approved or refused
 * by the office. An approval is answered once it is recorded; the deadline it moves is told
 * after: the notice's workflow moves its response deadline, the task's supervision is signalled
 * for a period.
 */
export async function extensionWorkflow(input: ExtensionWorkflowInput): Promise<ExtensionSummary | null> {
  const { extensionId } = input;
  const runner = documentRunner<ExtensionCommand, ExtensionEvent, ExtensionState, ExtensionSummary | null>(
    {
      streamId: extensionStreamId(extensionId),
      stored: input.stored,
      initial: initialExtensionState,
      decide: (command, state) => decideExtension(command, state, input.chain),
      evolve: evolveExtension,
    },
    summarizeExtension,
  );
  runner.operation(requestExtensionUpdate, (i, at) => ({
    type: 'RequestExtension',
    actor: i.actor,
    now: at,
    extensionId,
    task: i.task,
    plan: i.plan,
    period: i.period,
    noticeId: i.noticeId,
    notice: i.notice,
    until: i.until,
    reason: i.reason,
  }));
  runner.operation(approveExtensionUpdate, (i, at) => ({ type: 'ApproveExtension', actor: i.actor, now: at, comment: i.comment }));
  runner.operation(refuseExtensionUpdate, (i, at) => ({ type: 'RefuseExtension', actor: i.actor, now: at, reason: i.reason }));
  setHandler(extensionSummaryQuery, () => summarizeExtension(runner.state()));

  if (await condition(() => runner.state().status !== 'empty', REQUEST_WINDOW)) {
    await condition(() => runner.state().status === 'approved' || runner.state().status === 'refused');
  }
  await runner.settled();
  const decided = runner.appended();
  if (decided.status === 'approved') await carryOut(decided);
  await condition(allHandlersFinished);
  return summarizeExtension(runner.state());

  async function carryOut(approved: Extract<ExtensionState, { status: 'approved' }>): Promise<void> {
    const { taskId, period, noticeId, until } = approved;
    if (noticeId !== undefined) {
      const result = await activities.extendNoticeDeadline({
        noticeId,
        extensionId,
        until,
        actor: SYSTEM_ACTOR,
        correlationId: `extension-${extensionId}`,
      });
      if (result.outcome !== 'extended') log.warn('the approved extension did not move the notice', { extensionId, noticeId, ...result });
      return;
    }
    if (period === undefined) return;
    // A task without supervision running (a plan of a past year, supervision switched off): the
    // approval is on record in this stream; there is nobody else to tell.
    await signalIfRunning(getExternalWorkflowHandle(targetWorkflowId(taskId)), periodDeadlineExtendedSignal, {
      taskId,
      period,
      until,
      extensionId,
    });
  }
}
