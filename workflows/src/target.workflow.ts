import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  evolveTarget,
  hasReportFor,
  initialTargetState,
  noteReportFiled,
  periodBounds,
  periodsOf,
  recordSignedOff,
  reportDeadline,
  SYSTEM_ACTOR,
  type IndicatorValue,
  type PlanCalendar,
  type TargetEvent,
  type TargetFacts,
  type TargetState,
} from '@ledger/domain';
import type { LedgerActivities } from './activities';

const { appendEvents } = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '10 seconds' },
});

export interface ReportFiled {
  reportId: string;
  period: string;
  withdrawn: boolean;
}

export interface ProgressSignedOff {
  reportId: string;
  period: string;
  values: IndicatorValue[];
}

export const reportFiledSignal = defineSignal<[ReportFiled]>('reportFiled');
export const progressSignedOffSignal = defineSignal<[ProgressSignedOff]>('progressSignedOff');
export const targetStateQuery = defineQuery<{ state: TargetState; version: number; periodIndex: number }>('state');

export interface TargetWorkflowInput {
  facts: TargetFacts;
  calendar: PlanCalendar;
  /** 催报 this many days before a period's deadline. */
  reminderDaysBefore?: number;
  /** Where the previous run stopped (continue-as-new carries it). */
  carried?: { periodIndex: number; version: number; state: TargetState };
}

const DAY_MS = 24 * 3600_000;

export function targetWorkflowId(taskId: string): string {
  return `target-${taskId}`;
}

/**
 * Supervises one task over its plan year (id `target-<taskId>`, also its stream): opens each
 * reporting period, reminds the lead units before the deadline (催报), records 逾期未报 after
 * it, and records signed-off progress with 进度滞后 and 已完成. Continues as new for each
 * period so its history stays small; after the year it stays to record late reports.
 */
export async function targetWorkflow(input: TargetWorkflowInput): Promise<void> {
  const { facts, calendar } = input;
  const streamId = workflowInfo().workflowId;
  let state = input.carried?.state ?? initialTargetState;
  let version = input.carried?.version ?? 0;
  let periodIndex = input.carried?.periodIndex ?? 0;
  let queue: Promise<unknown> = Promise.resolve();
  const now = () => new Date(Date.now()).toISOString();

  function serialized(work: () => Promise<void>): Promise<void> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  async function record(events: TargetEvent[]): Promise<void> {
    if (events.length === 0) return;
    const correlationId = `${streamId}/${version + 1}`;
    const result = await appendEvents({
      workflowId: streamId,
      streamId,
      expectedVersion: version,
      events,
      actor: SYSTEM_ACTOR,
      correlationId,
    });
    for (const event of events) state = evolveTarget(state, event);
    version = result.nextVersion;
  }

  setHandler(reportFiledSignal, (filed) => {
    state = noteReportFiled(state, filed);
  });
  setHandler(progressSignedOffSignal, (signedOff) => serialized(() => record(recordSignedOff(state, facts, signedOff, now()))));
  setHandler(targetStateQuery, () => ({ state, version, periodIndex }));

  const periods = periodsOf(facts.year);
  const carryOn = () => continueAsNew<typeof targetWorkflow>({ ...input, carried: { periodIndex, version, state } });

  // Run i opens period i at its start and watches period i-1's deadline, which falls inside
  // month i; one more run after the last period watches December's deadline in January.
  if (periodIndex <= periods.length) {
    await superviseRun(periods[periodIndex], periods[periodIndex - 1]);
    periodIndex += 1;
    await queue;
    await condition(allHandlersFinished);
    return carryOn();
  }
  await condition(() => workflowInfo().continueAsNewSuggested);
  await queue;
  await condition(allHandlersFinished);
  return carryOn();

  async function superviseRun(period: string | undefined, previous: string | undefined): Promise<void> {
    const opening: TargetEvent[] = [];
    if (period) {
      await sleepUntil(periodBounds(period).start);
      opening.push({
        type: 'ReportingPeriodOpened',
        data: { planId: facts.planId, taskId: facts.taskId, period, deadline: reportDeadline(period, calendar), at: now() },
      });
    }
    if (!previous) return serialized(() => record(opening));
    const deadline = reportDeadline(previous, calendar);
    const base = { planId: facts.planId, taskId: facts.taskId, period: previous, deadline, unitIds: facts.leadUnits };
    const reported = () => hasReportFor(state, previous);
    if (Date.now() >= Date.parse(deadline)) {
      // The deadline passed before supervision got here (a plan started late): no reminder.
      const missing: TargetEvent[] = reported() ? [] : [{ type: 'PeriodReportMissing', data: { ...base, at: now() } }];
      return serialized(() => record([...opening, ...missing]));
    }
    await serialized(() => record(opening));
    const remindAt = Date.parse(deadline) - (input.reminderDaysBefore ?? 3) * DAY_MS;
    if (!(await condition(reported, Math.max(1, remindAt - Date.now())))) {
      await serialized(() => record([{ type: 'ReportReminderIssued', data: { ...base, at: now() } }]));
    }
    if (!(await condition(reported, Math.max(1, Date.parse(deadline) - Date.now())))) {
      await serialized(() => record([{ type: 'PeriodReportMissing', data: { ...base, at: now() } }]));
    }
  }
}

async function sleepUntil(isoTime: string): Promise<void> {
  const wait = Date.parse(isoTime) - Date.now();
  if (wait > 0) await condition(() => false, wait);
}
