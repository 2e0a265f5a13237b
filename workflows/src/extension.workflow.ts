import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
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
} from '@ledger/domain';
import type { LedgerActivities } from './activities';
import { documentRunner, type By } from './document';
import { targetWorkflowId } from './target.workflow';

const { extendNoticeDeadline } = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '10 seconds' },
});

export type RequestExtensionInput = By & Pick<RequestExtension, 'task' | 'plan' | 'period' | 'noticeId' | 'notice' | 'until' | 'reason'>;
export type ApproveExtensionInput = By & { comment?: string };
export type RefuseExtensionInput = By & { reason: string };

export const requestExtensionUpdate = defineUpdate<ExtensionSummary | null, [RequestExtensionInput]>('requestExtension');
export const approveExtensionUpdate = defineUpdate<ExtensionSummary | null, [ApproveExtensionInput]>('approveExtension');
export const refuseExtensionUpdate = defineUpdate<ExtensionSummary | null, [RefuseExtensionInput]>('refuseExtension');
export const extensionSummaryQuery = defineQuery<ExtensionSummary | null>('extensionSummary');

/** Told to a task's supervision workflow (`target-<taskId>`) when a period's report deadline moves. */
export const periodDeadlineExtendedSignal =
  defineSignal<[{ taskId: string; period: string; until: string; extensionId: string }]>('periodDeadlineExtended');

export interface ExtensionWorkflowInput {
  extensionId: string;
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
    { streamId: extensionStreamId(extensionId), initial: initialExtensionState, decide: decideExtension, evolve: evolveExtension },
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
      const result = await extendNoticeDeadline({
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
    try {
      await getExternalWorkflowHandle(targetWorkflowId(taskId)).signal(periodDeadlineExtendedSignal, {
        taskId,
        period,
        until,
        extensionId,
      });
    } catch (error) {
      // A task without supervision running (a plan of a past year, supervision switched off):
      // the approval is on record in this stream; there is nobody else to tell.
      if (!isWorkflowNotFound(error)) throw error;
      log.warn('no supervision workflow to tell of the extension', { extensionId, taskId, period });
    }
  }
}

/** How the SDK reports a signal to a workflow that is not running (sdk-core's failure type for it). */
function isWorkflowNotFound(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.type === 'ExternalWorkflowExecutionNotFound';
}
