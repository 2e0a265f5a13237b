import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import {
  CHINA_WORKING_DAYS,
  DEFAULT_BEHIND_TOLERANCE,
  currentNoticeRules,
  laterDeadline,
  noticeActions,
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
  type NoticeCause,
  type GivenNoticeRules,
  type PlanCalendar,
  type TaskWatch,
  type TargetEvent,
  type TargetFacts,
  type TargetState,
} from '@ledger/domain';
import { activities, appendOrHalt, serialQueue, signalIfRunning } from './document';
import { noticeClosedSignal, noticeSupervisionSignal, noticeWorkflow, type NoticeWorkflowInput, noticeWorkflowId } from './notice.workflow';

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

/** What supervision keeps of the notices it issued for the task (carried from run to run). */
export interface SupervisionNotices {
  open: TaskWatch['open'];
  /** Notices issued so far per cause: the next one's id is derived from it, so a replay issues the same. */
  issued: Partial<Record<NoticeCause, number>>;
  /** Periods whose report is signed off. */
  signedOff: string[];
  /** The latest signed-off progress against schedule. */
  progress?: TaskWatch['progress'];
  /** Reports of the task sent back to the unit since the last sign-off. */
  returnsInARow?: number;
  /** The returns counted since the last sign-off (report and revision), so one told twice counts once. */
  returnsCounted?: string[];
}

export const reportFiledSignal = defineSignal<[ReportFiled]>('reportFiled');
export const progressSignedOffSignal = defineSignal<[ProgressSignedOff]>('progressSignedOff');
/** The office approved a later deadline for a period's report (延期申请); sent by the extension's workflow. */
export const periodDeadlineExtendedSignal =
  defineSignal<[{ taskId: string; period: string; until: string; extensionId: string }]>('periodDeadlineExtended');
/** A report of the task was sent back to its unit (退回修改). */
export const reportReturnedSignal = defineSignal<[ReportReturnedToUnit]>('reportReturned');
export interface ReportReturnedToUnit {
  reportId: string;
  period: string;
  /** The revision sent back (absent from older reports' signals): a revision is returned once, so a return told twice counts once. */
  revision?: number;
}
/**
 * A newer version of the task's plan was published: supervision goes on with its facts (targets,
 * lead units, tolerance) and notice rules from now on. What was recorded stays as it was.
 */
export interface PlanRevised {
  planVersion: number;
  facts: TargetFacts;
  noticeRules?: GivenNoticeRules;
}
export const planRevisedSignal = defineSignal<[PlanRevised]>('planRevised');
export const targetStateQuery = defineQuery<{
  state: TargetState;
  version: number;
  periodIndex: number;
  planVersion: number;
  facts: TargetFacts;
}>('state');

export interface TargetWorkflowInput {
  facts: TargetFacts;
  calendar: PlanCalendar;
  /** 催报 this many days before a period's deadline. */
  reminderDaysBefore?: number;
  /** The plan's notice rules; the defaults when the plan names none. */
  noticeRules?: GivenNoticeRules;
  /** The version of the plan the facts and rules come from (absent in runs started before plans were revised in place). */
  planVersion?: number;
  /** Where the previous run stopped (continue-as-new carries it). */
  carried?: {
    periodIndex: number;
    version: number;
    state: TargetState;
    notices?: SupervisionNotices;
    countedReports?: string[];
    extended?: Record<string, string>;
    /**
     * Set when reconcile starts the task's supervision again over its stream (Temporal's state
     * was lost): the period events it holds already (`periodEventKey`), which this run does not record twice.
     */
    recorded?: string[];
  };
}

/** What makes a period event once-only: its type and period (a period is opened, reminded, missed once). */
export function periodEventKey(event: TargetEvent): string | undefined {
  if (event.type === 'ReportingPeriodOpened' || event.type === 'ReportReminderIssued' || event.type === 'PeriodReportMissing')
    return `${event.type}/${event.data.period}`;
  return undefined;
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
  const { calendar } = input;
  /** The plan's word, replaced when a newer version of the plan is published (planRevisedSignal). */
  let { facts, noticeRules, planVersion = 0 } = input;
  const streamId = workflowInfo().workflowId;
  let state = input.carried?.state ?? initialTargetState;
  let version = input.carried?.version ?? 0;
  let periodIndex = input.carried?.periodIndex ?? 0;
  let notices: SupervisionNotices = input.carried?.notices ?? { open: [], issued: {}, signedOff: [] };
  /** Report deadlines moved by approved extension requests (延期申请): period → new deadline. */
  let extended: Record<string, string> = input.carried?.extended ?? {};
  const deadlineOf = (period: string) => extended[period] ?? reportDeadline(period, calendar);
  /** Reports whose sign-off is counted: a sign-off told twice (by signal and by catch-up) counts once. */
  let countedReports: string[] = input.carried?.countedReports ?? [];
  const queue = serialQueue();
  const serialized = queue.run;
  const now = () => new Date(Date.now()).toISOString();

  const alreadyRecorded = new Set(input.carried?.recorded ?? []);
  async function record(decided: TargetEvent[]): Promise<void> {
    const events = decided.filter((event) => !alreadyRecorded.has(periodEventKey(event) ?? ''));
    if (events.length === 0) return;
    const correlationId = `${streamId}/${version + 1}`;
    const result = await appendOrHalt({
      workflowId: streamId,
      streamId,
      expectedVersion: version,
      events,
      actor: SYSTEM_ACTOR,
      correlationId,
    });
    for (const event of events) {
      state = evolveTarget(state, event);
      if (event.type === 'ProgressRecorded') {
        const { period, taskPercent, schedulePercent } = event.data;
        const tolerance = facts.tolerance ?? DEFAULT_BEHIND_TOLERANCE;
        notices = { ...notices, signedOff: [...notices.signedOff, period], progress: { period, taskPercent, schedulePercent, tolerance } };
      }
    }
    version = result.nextVersion;
  }

  // 督办单 came after the first release: histories recorded before it replay without them.
  const issuesNotices = patched('supervision-notices');

  /**
   * Issues, extends or marks 可销号 the notices the task's state calls for (one open notice per
   * cause). A notice is a workflow of its own, started so that it outlives this run; its id
   * derives from the task, the cause and a count, so a replay or a second start issues nothing twice.
   */
  async function superviseNotices(): Promise<void> {
    if (!issuesNotices) return;
    const rules = currentNoticeRules(noticeRules);
    for (const action of noticeActions(watch(), rules, CHINA_WORKING_DAYS)) {
      if (action.kind === 'issue') {
        const count = (notices.issued[action.cause] ?? 0) + 1;
        const noticeId = `${facts.taskId}.${action.cause}.${count}`;
        notices = {
          ...notices,
          issued: { ...notices.issued, [action.cause]: count },
          open: [...notices.open, { noticeId, cause: action.cause, periods: action.periods, causeCleared: false }],
        };
        const { level, cause, matter, periods } = action;
        const issue = { actor: SYSTEM_ACTOR, correlationId: `${streamId}/${noticeId}`, task: facts, level, cause, matter, periods };
        // Started by an activity, not as a child: a notice outlives the run that issued it, and a
        // child's completion reported to a parent that has continued as new is only trouble.
        const noticeInput: NoticeWorkflowInput = {
          noticeId,
          rules,
          issue: { ...issue, task: { planId: facts.planId, taskId: facts.taskId, leadUnits: facts.leadUnits } },
        };
        await activities.startWorkflow({
          workflowType: noticeWorkflow.name,
          workflowId: noticeWorkflowId(noticeId),
          taskQueue: workflowInfo().taskQueue,
          args: [noticeInput],
        });
      } else {
        notices = {
          ...notices,
          open: notices.open.map((notice) =>
            notice.noticeId !== action.noticeId
              ? notice
              : action.kind === 'add_period'
                ? { ...notice, periods: [...notice.periods, action.period], causeCleared: false }
                : { ...notice, causeCleared: true },
          ),
        };
        const told =
          action.kind === 'add_period' ? { kind: action.kind, period: action.period } : { kind: action.kind, detail: action.detail };
        await signalIfRunning(getExternalWorkflowHandle(noticeWorkflowId(action.noticeId)), noticeSupervisionSignal, told);
      }
    }
  }

  /** What supervision sees of the task now: the opened periods and their reports, progress, open notices. */
  function watch(): TaskWatch {
    const opened = periodsOf(facts.year).filter((period) => Date.parse(periodBounds(period).start) <= Date.now());
    return {
      now: now(),
      periods: opened.map((period) => ({
        period,
        deadline: deadlineOf(period),
        filed: hasReportFor(state, period) || notices.signedOff.includes(period),
        signedOff: notices.signedOff.includes(period),
      })),
      progress: notices.progress,
      returnsInARow: notices.returnsInARow ?? 0,
      open: notices.open,
    };
  }

  setHandler(reportFiledSignal, (filed) => {
    state = noteReportFiled(state, filed);
    return serialized(superviseNotices);
  });
  async function countSignedOff(signedOff: ProgressSignedOff): Promise<void> {
    if (countedReports.includes(signedOff.reportId)) return;
    await record(recordSignedOff(state, facts, signedOff, now()));
    countedReports = [...countedReports, signedOff.reportId];
    notices = { ...notices, returnsInARow: 0, ...(notices.returnsCounted ? { returnsCounted: [] } : {}) };
  }

  /**
   * A supervision that starts after reports were filed or signed off (switched on late, or started
   * again) was never told of them: it reads them from the event store, in period order.
   */
  async function catchUp(): Promise<void> {
    const reports = await activities.reportsOfTask({ taskId: facts.taskId });
    reports.sort((a, b) => a.period.localeCompare(b.period) || a.reportId.localeCompare(b.reportId));
    for (const report of reports) {
      state = noteReportFiled(state, report);
      if (report.signedOff) await countSignedOff({ reportId: report.reportId, period: report.period, values: report.signedOff.values });
    }
  }

  setHandler(progressSignedOffSignal, (signedOff) =>
    serialized(async () => {
      await countSignedOff(signedOff);
      await superviseNotices();
    }),
  );
  setHandler(periodDeadlineExtendedSignal, ({ period, until }) => {
    const deadline = laterDeadline(period, until, calendar);
    if (deadline !== undefined) extended = { ...extended, [period]: deadline };
  });
  setHandler(reportReturnedSignal, ({ reportId, revision }) =>
    serialized(async () => {
      const key = revision === undefined ? undefined : `${reportId}/${revision}`;
      if (key !== undefined && notices.returnsCounted?.includes(key)) return; // told again by a retried append
      // A signed-off report is not sent back again: a return heard after its sign-off happened
      // before it (both waited for a new run's first task, and the SDK hands signals over handler
      // by handler). Histories recorded before this replay counting it.
      if (countedReports.includes(reportId) && patched('returns-before-signoff-heard-late')) return;
      const returnsCounted = key === undefined ? notices.returnsCounted : [...(notices.returnsCounted ?? []), key];
      notices = { ...notices, returnsInARow: (notices.returnsInARow ?? 0) + 1, ...(returnsCounted ? { returnsCounted } : {}) };
      await superviseNotices();
    }),
  );
  setHandler(noticeClosedSignal, ({ noticeId }) => {
    notices = { ...notices, open: notices.open.filter((notice) => notice.noticeId !== noticeId) };
  });
  setHandler(planRevisedSignal, (revised) => {
    // Told at every start of a worker and every import: only a newer version changes anything.
    if (revised.planVersion <= planVersion || revised.facts.taskId !== facts.taskId) return;
    ({ facts, noticeRules, planVersion } = revised);
  });
  setHandler(targetStateQuery, () => ({ state, version, periodIndex, planVersion, facts }));

  const periods = periodsOf(facts.year);
  const carryOn = () =>
    continueAsNew<typeof targetWorkflow>({
      ...input,
      facts,
      noticeRules,
      ...(planVersion > 0 ? { planVersion } : {}),
      carried: { periodIndex, version, state, notices, countedReports, extended },
    });

  // Catch-up came after the first release: histories recorded before it replay without it.
  if (!input.carried && patched('supervision-catch-up')) await serialized(catchUp);

  // Run i opens period i at its start and watches period i-1's deadline, which falls inside
  // month i; one more run after the last period watches December's deadline in January.
  if (periodIndex <= periods.length) {
    await superviseRun(periods[periodIndex], periods[periodIndex - 1]);
    await serialized(superviseNotices);
    periodIndex += 1;
    await queue.settled();
    await condition(allHandlersFinished);
    return carryOn();
  }
  await condition(() => workflowInfo().continueAsNewSuggested);
  await queue.settled();
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
    const base = () => ({
      planId: facts.planId,
      taskId: facts.taskId,
      period: previous,
      deadline: deadlineOf(previous),
      unitIds: facts.leadUnits,
    });
    const reported = () => hasReportFor(state, previous);
    if (Date.now() >= Date.parse(deadlineOf(previous))) {
      // The deadline passed before supervision got here (a plan started late): no reminder.
      const missing: TargetEvent[] = reported() ? [] : [{ type: 'PeriodReportMissing', data: { ...base(), at: now() } }];
      return serialized(() => record([...opening, ...missing]));
    }
    await serialized(() => record(opening));
    const reminderDays = input.reminderDaysBefore ?? 3;
    if (!(await reportedBefore(previous, (deadline) => Date.parse(deadline) - reminderDays * DAY_MS))) {
      await serialized(() => record([{ type: 'ReportReminderIssued', data: { ...base(), at: now() } }]));
      await serialized(superviseNotices); // 蓝: the deadline is near and nothing is filed
    }
    if (!(await reportedBefore(previous, (deadline) => Date.parse(deadline)))) {
      await serialized(() => record([{ type: 'PeriodReportMissing', data: { ...base(), at: now() } }]));
    }
  }

  /**
   * Waits until the moment `at` of the period's deadline or its report, whichever comes first;
   * an approved extension (延期) moves the deadline and so the wait. True when reported.
   */
  async function reportedBefore(period: string, at: (deadline: string) => number): Promise<boolean> {
    for (;;) {
      const deadline = deadlineOf(period);
      const moved = () => deadlineOf(period) !== deadline;
      await condition(() => hasReportFor(state, period) || moved(), Math.max(1, at(deadline) - Date.now()));
      if (hasReportFor(state, period)) return true;
      if (!moved()) return false;
    }
  }
}

async function sleepUntil(isoTime: string): Promise<void> {
  const wait = Date.parse(isoTime) - Date.now();
  if (wait > 0) await sleep(wait);
}
