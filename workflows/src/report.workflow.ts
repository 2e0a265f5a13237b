import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  decide,
  evolve,
  findStage,
  initialReportState,
  CHINA_WORKING_DAYS,
  ReportRuleViolation,
  reportStreamId,
  stageDeadlines,
  summarize,
  SYSTEM_ACTOR,
  WEEKENDS_ONLY,
  withAttachments,
  type Actor,
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
import { appendOrHalt, serialQueue, signalIfRunning, type By } from './document';
import { progressSignedOffSignal, reportFiledSignal, reportReturnedSignal, targetWorkflowId } from './target.workflow';

export interface ReportWorkflowInput {
  reportId: string;
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
export type HandOverInput = By & { to: { actorId: string; role: string } };

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
export const summaryQuery = defineQuery<ReportSummary>('summary');

/** A report's workflow carries the same id as its stream: `report-<id>`. */
export function reportWorkflowId(reportId: string): string {
  return reportStreamId(reportId);
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
  const streamId = reportStreamId(input.reportId);
  let state: ReportState = initialReportState;
  let version = 0;
  const now = () => new Date(Date.now()).toISOString(); // workflow time: the same on replay
  /** Set once an append can never succeed: every operation after it is refused. */
  let halted: ApplicationFailure | undefined;

  // Operations run one at a time: the second of two racing approvals decides on the state the
  // first one left, and is refused.
  const serialized = serialQueue().run;

  function execute(command: ReportCommand, correlationId: string): Promise<ReportSummary> {
    return serialized(async () => {
      if (halted) throw halted;
      const events = decideOrFail(command, state);
      if (events.length > 0) await record(events, command.actor, correlationId);
      return summarize(state);
    });
  }

  async function record(events: ReportEvent[], actor: Actor, correlationId: string): Promise<void> {
    const result = await appendOrHalt({ workflowId, streamId, expectedVersion: version, events, actor, correlationId }).catch((error) => {
      if (error instanceof ApplicationFailure && error.type === 'OperationFailed') halted = error;
      throw error;
    });
    for (const event of events) state = evolve(state, { ...event, metadata: { actorId: actor.actorId } });
    version = result.nextVersion;
    // Added after the first release: histories recorded before it replay without the signals.
    if (patched('notify-target-supervision')) await notifySupervision(events);
  }

  /** Tells the task's supervision workflow what happened to this report (when it runs). */
  async function notifySupervision(events: ReportEvent[]): Promise<void> {
    if (state.status === 'empty') return;
    const target = getExternalWorkflowHandle(targetWorkflowId(state.taskId));
    const { reportId, period } = state;
    // Supervision that is not running (switched off, not yet started) catches up from the event
    // store when it starts; the report's own stream is the record either way.
    for (const event of events) {
      if (event.type === 'ReportSubmitted' || event.type === 'ReportResubmitted')
        await signalIfRunning(target, reportFiledSignal, { reportId, period, withdrawn: false });
      if (event.type === 'ReportWithdrawn') await signalIfRunning(target, reportFiledSignal, { reportId, period, withdrawn: true });
      if (event.type === 'ReportSignedOff')
        await signalIfRunning(target, progressSignedOffSignal, { reportId, period, values: event.data.values });
      // Returns came after the first release: histories recorded before it replay without the signal.
      if (event.type === 'ReportRejected' && patched('notify-returns'))
        await signalIfRunning(target, reportReturnedSignal, { reportId, period });
    }
  }

  function operation<I extends By>(update: UpdateDefinition<ReportSummary, [I]>, toCommand: (i: I, at: string) => ReportCommand): void {
    setHandler(update, (i) => execute(toCommand(i, now()), i.correlationId), {
      validator: (i) => void decideOrFail(toCommand(i, now()), state),
    });
  }

  const { reportId } = input;
  operation(submitUpdate, (i, at) => ({
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
  operation(resubmitUpdate, (i, at) => ({
    type: 'ResubmitReport',
    actor: i.actor,
    now: at,
    task: i.task,
    values: i.values,
    narrative: i.narrative,
    ...withAttachments(i.attachments),
  }));
  operation(openUpdate, (i, at) => ({ type: 'OpenReport', actor: i.actor, now: at }));
  operation(countersignUpdate, (i, at) => ({ type: 'CountersignReport', actor: i.actor, now: at, comment: i.comment }));
  operation(approveUpdate, (i, at) => ({ type: 'ApproveReport', actor: i.actor, now: at, comment: i.comment }));
  operation(rejectUpdate, (i, at) => ({ type: 'RejectReport', actor: i.actor, now: at, reason: i.reason }));
  operation(returnUpdate, (i, at) => ({ type: 'ReturnReport', actor: i.actor, now: at, toStage: i.toStage, reason: i.reason }));
  operation(withdrawUpdate, (i, at) => ({ type: 'WithdrawReport', actor: i.actor, now: at, reason: i.reason }));
  operation(urgeUpdate, (i, at) => ({ type: 'UrgeReport', actor: i.actor, now: at, urgeId: i.urgeId, message: i.message }));
  operation(acknowledgeUpdate, (i, at) => ({ type: 'AcknowledgeUrge', actor: i.actor, now: at, urgeId: i.urgeId }));
  operation(transferUpdate, (i, at) => ({ type: 'TransferReport', actor: i.actor, now: at, to: i.to }));
  operation(delegateUpdate, (i, at) => ({ type: 'DelegateReport', actor: i.actor, now: at, to: i.to }));
  setHandler(summaryQuery, () => summarize(state));

  const closed = () => state.status === 'signed_off' || state.status === 'withdrawn';
  if (await condition(() => state.status !== 'empty', SUBMISSION_WINDOW)) {
    while (!closed()) {
      if (state.status === 'in_review') await runStageTimers(state.stage, state.stageEnteredAt);
      else await condition(() => state.status !== 'returned');
    }
  }
  await condition(allHandlersFinished);
  return summarize(state);

  /** Waits at a stage; records reminder, overdue and escalation as their moments pass. */
  async function runStageTimers(stageId: string, enteredAt: string): Promise<void> {
    const left = () => state.status !== 'in_review' || state.stage !== stageId || state.stageEnteredAt !== enteredAt;
    const stage = state.status === 'in_review' ? findStage(state.chain, stageId) : undefined;
    if (!stage) return;
    // Public holidays came after the first release: a stage entered in a history recorded before
    // them replays with the deadlines it was given then.
    const calendar = patched('public-holidays') ? CHINA_WORKING_DAYS : WEEKENDS_ONLY;
    const { remindAt, dueAt, escalateAt } = stageDeadlines(enteredAt, stage.slaWorkingDays, calendar);
    const timers: Array<[StageTimerKind, string]> = [
      ['reminder', remindAt],
      ['overdue', dueAt],
      ['escalation', escalateAt],
    ];
    for (const [kind, at] of timers) {
      if (await condition(left, Math.max(1, Date.parse(at) - Date.now()))) return;
      await execute(
        { type: 'RecordStageTimer', actor: SYSTEM_ACTOR, now: now(), kind, stage: stageId, dueAt },
        `${workflowId}/${stageId}/${kind}`,
      );
    }
    await condition(left);
  }
}

/** The rules' refusal as a failure the caller sees (type = the rule's code), not a workflow crash. */
function decideOrFail(command: ReportCommand, state: ReportState): ReportEvent[] {
  try {
    return decide(command, state);
  } catch (error) {
    if (error instanceof ReportRuleViolation) {
      throw ApplicationFailure.create({ message: error.message, type: error.code, nonRetryable: true, details: [error.problems] });
    }
    throw error;
  }
}
