import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  decide,
  evolve,
  findStage,
  initialReportState,
  CHINA_WORKING_DAYS,
  reportStreamId,
  stageDeadlines,
  summarize,
  SYSTEM_ACTOR,
  WEEKENDS_ONLY,
  withAttachments,
  type AccountFacts,
  type AttachmentRef,
  type ApprovalChain,
  type IndicatorValue,
  type ReportCommand,
  type ReportEvent,
  type ReportState,
  type ReportSummary,
  type StageTimerKind,
  type TaskFacts,
} from '@ledger/domain';
import type { SignalDefinition } from '@temporalio/common';
import type { SignalOnAppend } from './activities';
import { actedBefore, documentRunner, signalIfRunning, type By, type StoredStream } from './document';
import { progressSignedOffSignal, reportFiledSignal, reportReturnedSignal, targetWorkflowId } from './target.workflow';

export interface ReportWorkflowInput {
  reportId: string;
  /** The document's stream so far, when reconcile starts its workflow again (Temporal's state was lost). */
  stored?: StoredStream<ReportEvent>;
}

export type SubmitInput = By & {
  task: TaskFacts;
  period: string;
  values: IndicatorValue[];
  narrative: string;
  /** Absent in the inputs of histories recorded before evidence: the command then has none. */
  attachments?: AttachmentRef[];
  chain: ApprovalChain;
};
export type ResubmitInput = By & { task: TaskFacts; values: IndicatorValue[]; narrative: string; attachments?: AttachmentRef[] };
export type CommentInput = By & { comment?: string };
export type ReasonInput = By & { reason: string };
export type ReturnInput = By & { toStage: string; reason: string };
export type WithdrawInput = By & { reason?: string };
export type UrgeInput = By & { urgeId: string; message?: string };
export type AcknowledgeInput = By & { urgeId: string };
export type HandOverInput = By & { to: AccountFacts };
export type ReclaimInput = By & { assignee?: AccountFacts };

export const submitUpdate = defineUpdate<ReportSummary, [SubmitInput]>('submit');
export const resubmitUpdate = defineUpdate<ReportSummary, [ResubmitInput]>('resubmit');
export const openUpdate = defineUpdate<ReportSummary, [By]>('open');
export const countersignUpdate = defineUpdate<ReportSummary, [CommentInput]>('countersign');
export const approveUpdate = defineUpdate<ReportSummary, [CommentInput]>('approve');
export const rejectUpdate = defineUpdate<ReportSummary, [ReasonInput]>('reject');
export const returnUpdate = defineUpdate<ReportSummary, [ReturnInput]>('return');
export const withdrawUpdate = defineUpdate<ReportSummary, [WithdrawInput]>('withdraw');
export const urgeUpdate = defineUpdate<ReportSummary, [UrgeInput]>('urge');
export const acknowledgeUpdate = defineUpdate<ReportSummary, [AcknowledgeInput]>('acknowledge');
export const transferUpdate = defineUpdate<ReportSummary, [HandOverInput]>('transfer');
export const delegateUpdate = defineUpdate<ReportSummary, [HandOverInput]>('delegate');
export const reclaimUpdate = defineUpdate<ReportSummary, [ReclaimInput]>('reclaim');
export const summaryQuery = defineQuery<ReportSummary>('summary');

/** A report's workflow carries the same id as its stream: `report-<id>`. */
export function reportWorkflowId(reportId: string): string {
  return reportStreamId(reportId);
}

/** A submission folded as the rules stood before separation of duties (the event itself is as recorded). */
function asFiledBefore(event: Extract<ReportEvent, { type: 'ReportSubmitted' }>): ReportEvent {
  return { ...event, data: { ...event.data, chain: { ...event.data.chain, separationOfDuties: false } } };
}

/**
 * What the task's supervision workflow is told of these events of the report (the state after
 * them). Supervision that is not running (switched off, not yet started) catches up from the event
 * store when it starts; the report's own stream is the record either way. A return names the
 * revision sent back (each is returned at most once), so a return told twice (a retried append) is counted once.
 */
export function supervisionSignals(reportId: string, events: ReportEvent[], state: ReportState): SignalOnAppend[] {
  if (state.status === 'empty') return [];
  const workflowId = targetWorkflowId(state.taskId);
  const { period } = state;
  const told = <A extends unknown[]>(signal: SignalDefinition<A>, ...args: A): SignalOnAppend => ({
    workflowId,
    signalName: signal.name,
    args,
  });
  return events.flatMap((event): SignalOnAppend[] => {
    switch (event.type) {
      case 'ReportSubmitted':
      case 'ReportResubmitted':
        return [told(reportFiledSignal, { reportId, period, withdrawn: false })];
      case 'ReportWithdrawn':
        return [told(reportFiledSignal, { reportId, period, withdrawn: true })];
      case 'ReportSignedOff':
        return [told(progressSignedOffSignal, { reportId, period, values: event.data.values })];
      case 'ReportRejected':
        return [told(reportReturnedSignal, { reportId, period, revision: state.revision })];
      default:
        return [];
    }
  });
}

/** How long a report may wait for its first submission before the workflow gives up. */
const SUBMISSION_WINDOW = '1 hour';

/**
 * One progress report from submission to sign-off (or withdrawal). The workflow is the only
 * writer of the report's stream: each operation is an Update whose validator refuses what the
 * rules refuse (leaving no event) and whose handler appends the decided events before
 * answering. Stage timers (reminder, overdue, escalation) are events too.
 */
export async function reportWorkflow(input: ReportWorkflowInput): Promise<ReportSummary> {
  const { workflowId } = workflowInfo();
  const { reportId } = input;
  // A report started from this release on records this one patch, which stands for every rule
  // change below that once had a patch of its own (each patch writes a marker and a search
  // attribute: two history events), and has the append activity tell supervision. Asked first,
  // in the first workflow task, so a report started before it keeps its own patches on replay.
  const thisRelease = patched('report-release-2026-12');
  // Separation of duties came after the first release: a report whose workflow started before it
  // decides with the chain's rule turned off, as it did when its history was recorded (a
  // delegation then accepted is carried out the same on replay).
  const separatesDuties = thisRelease || patched('separation-of-duties');
  const runner = documentRunner<ReportCommand, ReportEvent, ReportState, ReportSummary>(
    {
      streamId: reportStreamId(reportId),
      stored: input.stored,
      initial: initialReportState,
      decide,
      evolve: (state, event, actor) => {
        const filed = separatesDuties || event.type !== 'ReportSubmitted' ? event : asFiledBefore(event);
        return evolve(state, { ...filed, metadata: { actorId: actor.actorId } });
      },
      // The append activity signals the task's supervision once the events are stored: the
      // operation answers with no workflow task spent on it.
      ...(thisRelease
        ? { signalsOnAppend: (events: ReportEvent[], state: ReportState) => supervisionSignals(reportId, events, state) }
        : {}),
    },
    summarize,
    // Reports started before this release signal supervision from the workflow. Added after the
    // first release: histories recorded before it replay without the signals.
    thisRelease
      ? undefined
      : async (events, appended) => {
          if (patched('notify-target-supervision')) await notifySupervision(events, appended);
        },
    // An operation answers once its events are appended; supervision is told right after, off the
    // report's critical path (each signal cost a round of workflow tasks). Histories recorded
    // before this replay with the report waiting for its signals.
    () => patched('notify-after-answer'),
  );

  /** Tells the task's supervision workflow, from this workflow, what happened to this report (reports started before this release). */
  async function notifySupervision(events: ReportEvent[], state: ReportState): Promise<void> {
    for (const { workflowId: target, signalName, args } of supervisionSignals(reportId, events, state)) {
      // Returns came after the first release: histories recorded before it replay without the signal.
      if (signalName === reportReturnedSignal.name && !patched('notify-returns')) continue;
      await signalIfRunning(getExternalWorkflowHandle(target), defineSignal<unknown[]>(signalName), ...args);
    }
  }

  runner.operation(submitUpdate, (i, at) => ({
    type: 'SubmitReport',
    reportId,
    actor: i.actor,
    now: at,
    task: i.task,
    period: i.period,
    values: i.values,
    narrative: i.narrative,
    ...withAttachments(i.attachments),
    chain: i.chain,
  }));
  runner.operation(resubmitUpdate, (i, at) => ({
    type: 'ResubmitReport',
    actor: i.actor,
    now: at,
    task: i.task,
    values: i.values,
    narrative: i.narrative,
    ...withAttachments(i.attachments),
  }));
  runner.operation(openUpdate, (i, at) => ({ type: 'OpenReport', actor: i.actor, now: at }));
  runner.operation(countersignUpdate, (i, at) => ({ type: 'CountersignReport', actor: i.actor, now: at, comment: i.comment }));
  runner.operation(approveUpdate, (i, at) => ({ type: 'ApproveReport', actor: i.actor, now: at, comment: i.comment }));
  runner.operation(rejectUpdate, (i, at) => ({ type: 'RejectReport', actor: i.actor, now: at, reason: i.reason }));
  runner.operation(returnUpdate, (i, at) => ({ type: 'ReturnReport', actor: i.actor, now: at, toStage: i.toStage, reason: i.reason }));
  runner.operation(withdrawUpdate, (i, at) => ({ type: 'WithdrawReport', actor: i.actor, now: at, reason: i.reason }));
  runner.operation(urgeUpdate, (i, at) => ({ type: 'UrgeReport', actor: i.actor, now: at, urgeId: i.urgeId, message: i.message }));
  runner.operation(acknowledgeUpdate, (i, at) => ({ type: 'AcknowledgeUrge', actor: i.actor, now: at, urgeId: i.urgeId }));
  runner.operation(transferUpdate, (i, at) => ({ type: 'TransferReport', actor: i.actor, now: at, to: i.to }));
  runner.operation(delegateUpdate, (i, at) => ({ type: 'DelegateReport', actor: i.actor, now: at, to: i.to }));
  runner.operation(reclaimUpdate, (i, at) => ({ type: 'ReclaimReport', actor: i.actor, now: at, assignee: i.assignee }));
  setHandler(summaryQuery, () => summarize(runner.appended()));

  // The loop follows what is appended (not what is only decided): its timers start and stop at
  // the same points of the history as they did before the report moved onto the shared runner.
  const appended = runner.appended;
  const closed = () => appended().status === 'signed_off' || appended().status === 'withdrawn';
  if (await condition(() => appended().status !== 'empty', SUBMISSION_WINDOW)) {
    while (!closed()) {
      const state = appended();
      if (state.status === 'in_review') await runStageTimers(state.chain, state.stage, state.stageEnteredAt);
      else await condition(() => appended().status !== 'returned');
    }
  }
  await condition(allHandlersFinished);
  // Supervision is told of the last operation before the report ends.
  await runner.followed();
  return summarize(appended());

  /** Waits at a stage; records reminder, overdue and escalation as their moments pass. */
  async function runStageTimers(chain: ApprovalChain, stageId: string, enteredAt: string): Promise<void> {
    const left = () => {
      const state = appended();
      return state.status !== 'in_review' || state.stage !== stageId || state.stageEnteredAt !== enteredAt;
    };
    const stage = findStage(chain, stageId);
    if (!stage) return;
    // Public holidays came after the first release: a stage entered in a history recorded before
    // them replays with the deadlines it was given then.
    const calendar = thisRelease || patched('public-holidays') ? CHINA_WORKING_DAYS : WEEKENDS_ONLY;
    const { remindAt, dueAt, escalateAt } = stageDeadlines(enteredAt, stage.slaWorkingDays, calendar);
    const timers: Array<[StageTimerKind, string]> = [
      ['reminder', remindAt],
      ['overdue', dueAt],
      ['escalation', escalateAt],
    ];
    for (const [kind, at] of timers) {
      if (await actedBefore(left, at)) return;
      await runner.execute(
        { type: 'RecordStageTimer', actor: SYSTEM_ACTOR, now: runner.now(), kind, stage: stageId, dueAt },
        `${workflowId}/${stageId}/${kind}`,
      );
    }
    await condition(left);
  }
}
