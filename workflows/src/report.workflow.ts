import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  decide,
  evolve,
  initialReportState,
  ReportRuleViolation,
  summarize,
  type Actor,
  type ApprovalChain,
  type IndicatorValue,
  type ReportCommand,
  type ReportState,
  type ReportSummary,
  type TaskFacts,
} from '@ledger/domain';
import type { LedgerActivities } from './activities';

const { appendReportEvents } = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '10 seconds' },
});

export interface ReportWorkflowInput {
  reportId: string;
}

export interface SubmitInput {
  actor: Actor;
  correlationId: string;
  task: TaskFacts;
  period: string;
  values: IndicatorValue[];
  narrative: string;
  chain: ApprovalChain;
}
export interface ResubmitInput {
  actor: Actor;
  correlationId: string;
  indicatorIds: string[];
  values: IndicatorValue[];
  narrative: string;
}
export interface ApproveInput {
  actor: Actor;
  correlationId: string;
  comment?: string;
}
export interface RejectInput {
  actor: Actor;
  correlationId: string;
  reason: string;
}

export const submitUpdate = defineUpdate<ReportSummary, [SubmitInput]>('submit');
export const resubmitUpdate = defineUpdate<ReportSummary, [ResubmitInput]>('resubmit');
export const approveUpdate = defineUpdate<ReportSummary, [ApproveInput]>('approve');
export const rejectUpdate = defineUpdate<ReportSummary, [RejectInput]>('reject');
export const summaryQuery = defineQuery<ReportSummary>('summary');

/**
 * One progress report from submission to sign-off. The workflow is the only writer of the
 * report's stream: each operation is an Update whose validator refuses what the rules refuse
 * (leaving no event), and whose handler appends the decided events before answering.
 */
export async function reportWorkflow(input: ReportWorkflowInput): Promise<ReportSummary> {
  const { workflowId } = workflowInfo();
  const streamId = `report-${input.reportId}`;
  let state: ReportState = initialReportState;
  let version = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const now = () => new Date(Date.now()).toISOString(); // workflow time: deterministic on replay

  // Handlers run one at a time: the second of two racing approvals decides on the state the
  // first one left, and is refused.
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  async function execute(command: ReportCommand, correlationId: string): Promise<ReportSummary> {
    return serialized(async () => {
      const events = decideOrFail(command, state);
      const result = await appendReportEvents({ workflowId, streamId, expectedVersion: version, events, actor: command.actor, correlationId });
      for (const event of events) state = evolve(state, event, command.actor.actorId);
      version = result.nextVersion;
      return summarize(state);
    });
  }

  const commandFor = {
    submit: (i: SubmitInput): ReportCommand => ({ type: 'SubmitReport', reportId: input.reportId, actor: i.actor, now: now(), task: i.task, period: i.period, values: i.values, narrative: i.narrative, chain: i.chain }),
    resubmit: (i: ResubmitInput): ReportCommand => ({ type: 'ResubmitReport', actor: i.actor, now: now(), values: i.values, narrative: i.narrative, indicatorIds: i.indicatorIds }),
    approve: (i: ApproveInput): ReportCommand => ({ type: 'ApproveReport', actor: i.actor, now: now(), comment: i.comment }),
    reject: (i: RejectInput): ReportCommand => ({ type: 'RejectReport', actor: i.actor, now: now(), reason: i.reason }),
  };

  setHandler(submitUpdate, (i) => execute(commandFor.submit(i), i.correlationId), { validator: (i) => void decideOrFail(commandFor.submit(i), state) });
  setHandler(resubmitUpdate, (i) => execute(commandFor.resubmit(i), i.correlationId), { validator: (i) => void decideOrFail(commandFor.resubmit(i), state) });
  setHandler(approveUpdate, (i) => execute(commandFor.approve(i), i.correlationId), { validator: (i) => void decideOrFail(commandFor.approve(i), state) });
  setHandler(rejectUpdate, (i) => execute(commandFor.reject(i), i.correlationId), { validator: (i) => void decideOrFail(commandFor.reject(i), state) });
  setHandler(summaryQuery, () => summarize(state));

  await condition(() => state.status === 'signed_off');
  await condition(allHandlersFinished);
  return summarize(state);
}

/** The rules' refusal as a failure the caller sees (type = the rule's code), not a workflow crash. */
function decideOrFail(command: ReportCommand, state: ReportState) {
  try {
    return decide(command, state);
  } catch (error) {
    if (error instanceof ReportRuleViolation) {
      throw ApplicationFailure.create({ message: error.message, type: error.code, nonRetryable: true, details: [error.problems] });
    }
    throw error;
  }
}
