import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import {
  DEFAULT_BEHIND_TOLERANCE,
  DEFAULT_BULLETIN_CHAIN,
  DEFAULT_EXTENSION_CHAIN,
  DEFAULT_INSTRUCTION_CHAIN,
  DEFAULT_URGE_CHAIN,
  laterDeadline,
  evolve,
  evolveBulletin,
  evolveExtension,
  evolveInstruction,
  evolveNotice,
  evolveTarget,
  evolveUrge,
  initialBulletinState,
  initialExtensionState,
  initialInstructionState,
  initialNoticeState,
  initialReportState,
  initialTargetState,
  initialUrgeState,
  noteReportFiled,
  noticeRulesFor,
  periodsOf,
  type Actor,
  type BulletinEvent,
  type ExtensionEvent,
  type InstructionEvent,
  type NoticeCause,
  type NoticeEvent,
  type PlanCalendar,
  type PlanPublished,
  type ReportEvent,
  type TargetEvent,
  type TargetFacts,
  type UrgeEvent,
} from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { latestPublishedPlan } from '@ledger/plan-import';
import {
  bulletinWorkflow,
  extensionWorkflow,
  instructionWorkflow,
  noticeWorkflow,
  periodEventKey,
  reportWorkflow,
  targetWorkflow,
  targetWorkflowId,
  urgeWorkflow,
  type StoredStream,
  type SupervisionNotices,
  type TargetWorkflowInput,
} from '@ledger/workflows';
import { superviseTasksOf, targetFactsOf } from './supervision';

/** The document kinds whose workflows reconcile starts again, by the prefix of their stream (= workflow id). */
export const RECONCILED_KINDS = ['report', 'notice', 'urge', 'extension', 'instruction', 'bulletin', 'target'] as const;
export type ReconciledKind = (typeof RECONCILED_KINDS)[number];

/**
 * Every task of a published plan supervised, each over what its streams hold: a task supervised
 * before (its target stream exists) starts again from there unless Temporal knows its workflow;
 * then tasks never supervised start afresh and running ones hear of this plan version.
 */
async function resumeSupervision(
  temporal: Client,
  published: PlanPublished,
  streams: Map<string, Stream>,
  taskQueue: string,
): Promise<{ started: number; present: number }> {
  const { plan, version: planVersion } = published;
  const noticeRules = noticeRulesFor(plan.noticeRules, plan.documentChains?.notice);
  const counts = { started: 0, present: 0 };
  for (const facts of targetFactsOf(plan)) {
    const carried = carriedSupervision(facts, plan.calendar, streams);
    if (!carried) continue; // never supervised yet: superviseTasksOf starts it afresh
    const input: TargetWorkflowInput = { facts, calendar: plan.calendar, noticeRules, planVersion, carried };
    const started = await startUnlessKnown(temporal, targetWorkflow, targetWorkflowId(facts.taskId), taskQueue, [input]);
    counts[started ? 'started' : 'present'] += 1;
  }
  await superviseTasksOf(temporal, published, taskQueue);
  return counts;
}

/**
 * A published plan's supervision brought up from the event store: what `plan import` runs, so a
 * task whose workflow Temporal lost resumes over its stream instead of starting a second year.
 */
export async function superviseFromStore(
  temporal: Client,
  store: EventStore,
  published: PlanPublished,
  taskQueue: string,
): Promise<number> {
  const { streams } = await documentStreams(store);
  await resumeSupervision(temporal, published, streams, taskQueue);
  return targetFactsOf(published.plan).length;
}

/** What reconcile did for one kind: workflows started again, found running (or ended) in Temporal, and documents closed. */
export interface KindOutcome {
  started: number;
  present: number;
  closed: number;
}
export type ReconcileOutcome = Record<ReconciledKind, KindOutcome>;

/** Kind names as the office calls them, for what the CLI says. */
export const KIND_LABELS: Record<ReconciledKind, string> = {
  report: '进度报告',
  notice: '督办单',
  urge: '催报',
  extension: '延期申请',
  instruction: '领导批示',
  bulletin: '督查通报',
  target: '任务督办（目标）',
};

type Stream = RecordedEvent[];

/** The system's chain of each kind, where the plan names none (as the API's PublishedPlans). */
const DEFAULT_CHAINS = {
  urge: DEFAULT_URGE_CHAIN,
  extension: DEFAULT_EXTENSION_CHAIN,
  instruction: DEFAULT_INSTRUCTION_CHAIN,
  bulletin: DEFAULT_BULLETIN_CHAIN,
};

/**
 * Every stream of the reconciled kinds, and the ids of the plans published, read from the log in
 * position order (the event store is the record; the read models may not have caught up when a worker starts).
 */
export async function documentStreams(store: EventStore, batch = 1000): Promise<{ streams: Map<string, Stream>; planIds: string[] }> {
  const streams = new Map<string, Stream>();
  const planIds = new Set<string>();
  for (let after = 0; ;) {
    const events = await store.readAll(after, batch);
    if (events.length === 0) return { streams, planIds: [...planIds].sort() };
    for (const event of events) {
      if (event.type === 'PlanPublished') planIds.add((event.data as PlanPublished).plan.id);
      if (kindOf(event.streamId) === undefined) continue;
      const stream = streams.get(event.streamId) ?? [];
      stream.push(event);
      streams.set(event.streamId, stream);
    }
    after = events[events.length - 1]!.position;
  }
}

export function kindOf(streamId: string): ReconciledKind | undefined {
  return RECONCILED_KINDS.find((kind) => streamId.startsWith(`${kind}-`));
}

const actorOf = (event: RecordedEvent): Actor => ({
  actorId: event.metadata.actorId,
  role: event.metadata.role as Actor['role'],
  unitId: event.metadata.unitId,
});

/** A stream as a workflow takes it to go on from where it stood. */
export function storedStream(stream: Stream): StoredStream {
  return {
    version: stream.length === 0 ? 0 : stream[stream.length - 1]!.version,
    events: stream.map((event) => ({
      event: { type: event.type, data: event.data } as StoredStream['events'][number]['event'],
      actor: actorOf(event),
    })),
  };
}

/** A document to start again: its workflow, id and input, or why not (closed). */
type Restart = { open: false } | { open: true; workflow: Workflow; args: unknown[] };

/** What each kind needs of its plan to start again: the plan's rules and chains as they stand now. */
interface PlanRules {
  chain(kind: 'urge' | 'extension' | 'instruction' | 'bulletin'): unknown;
  noticeRules(): unknown;
}

/**
 * Whether a document is still open and, if so, how its workflow starts again: the same input its
 * starter gives (the plan's rules and chain as published now) plus its stream so far.
 */
export function restartOf(
  kind: Exclude<ReconciledKind, 'target'>,
  streamId: string,
  stream: Stream,
  rules: (planId: string) => PlanRules,
): Restart {
  const id = streamId.slice(kind.length + 1);
  const planId = (stream[0]?.data as { planId?: string } | undefined)?.planId ?? '';
  const stored = storedStream(stream);
  switch (kind) {
    case 'report': {
      const state = stream.reduce(
        (folded, event) => evolve(folded, { type: event.type, data: event.data, metadata: { actorId: event.metadata.actorId } } as never),
        initialReportState,
      );
      const open = state.status === 'in_review' || state.status === 'returned';
      return open ? { open, workflow: reportWorkflow, args: [{ reportId: id, stored }] } : { open };
    }
    case 'notice': {
      const state = stream.reduce((folded, event) => evolveNotice(folded, event as unknown as NoticeEvent), initialNoticeState);
      if (state.status === 'empty' || state.status === 'closed') return { open: false };
      return { open: true, workflow: noticeWorkflow, args: [{ noticeId: id, rules: rules(state.planId).noticeRules(), stored }] };
    }
    case 'urge': {
      const state = stream.reduce((folded, event) => evolveUrge(folded, event as unknown as UrgeEvent), initialUrgeState);
      if (state.status !== 'urged') return { open: false };
      return { open: true, workflow: urgeWorkflow, args: [{ urgeId: id, chain: rules(state.planId).chain('urge'), stored }] };
    }
    case 'extension': {
      const state = stream.reduce((folded, event) => evolveExtension(folded, event as unknown as ExtensionEvent), initialExtensionState);
      if (state.status !== 'requested') return { open: false };
      return { open: true, workflow: extensionWorkflow, args: [{ extensionId: id, chain: rules(planId).chain('extension'), stored }] };
    }
    case 'instruction': {
      const state = stream.reduce(
        (folded, event) => evolveInstruction(folded, event as unknown as InstructionEvent),
        initialInstructionState,
      );
      if (state.status !== 'recorded' && state.status !== 'acknowledged') return { open: false };
      return {
        open: true,
        workflow: instructionWorkflow,
        args: [{ instructionId: id, chain: rules(state.planId).chain('instruction'), stored }],
      };
    }
    case 'bulletin': {
      const state = stream.reduce((folded, event) => evolveBulletin(folded, event as unknown as BulletinEvent), initialBulletinState);
      if (state.status === 'empty') return { open: false };
      // Open to corrections until the end of the year after the plan's (as the API starts it).
      const year = Number(state.period.slice(0, 4));
      const closesAt = new Date(Date.UTC(year + 2, 0, 1) - 8 * 3_600_000).toISOString();
      if (Date.now() >= Date.parse(closesAt)) return { open: false };
      return {
        open: true,
        workflow: bulletinWorkflow,
        args: [{ bulletinId: streamId, chain: rules(state.planId).chain('bulletin'), closesAt, stored }],
      };
    }
  }
}

/** A task's reports as its streams record them: filed, withdrawn, rejected (since its last sign-off). */
interface TaskReports {
  filed: Array<{ reportId: string; period: string; withdrawn: boolean }>;
  returnsInARow: number;
}

function reportsByTask(streams: Map<string, Stream>): Map<string, TaskReports> {
  const byTask = new Map<string, TaskReports>();
  // In log order across the task's reports, as supervision heard of them.
  const events = [...streams.entries()]
    .filter(([streamId]) => kindOf(streamId) === 'report')
    .flatMap(([, stream]) => stream as Array<RecordedEvent<ReportEvent>>)
    .sort((a, b) => a.position - b.position);
  const taskOf = new Map<string, { taskId: string; period: string }>();
  for (const event of events) {
    if (event.type === 'ReportSubmitted') taskOf.set(event.streamId, { taskId: event.data.taskId, period: event.data.period });
    const report = taskOf.get(event.streamId);
    if (!report) continue;
    const task = byTask.get(report.taskId) ?? { filed: [], returnsInARow: 0 };
    const reportId = event.streamId.slice('report-'.length);
    if (event.type === 'ReportSubmitted') task.filed.push({ reportId, period: report.period, withdrawn: false });
    if (event.type === 'ReportWithdrawn') task.filed.push({ reportId, period: report.period, withdrawn: true });
    if (event.type === 'ReportRejected') task.returnsInARow += 1;
    if (event.type === 'ReportSignedOff') task.returnsInARow = 0;
    byTask.set(report.taskId, task);
  }
  return byTask;
}

/** The notices supervision issued for a task (ids `<taskId>.<cause>.<n>`), as their streams record them. */
function supervisionNoticesOf(taskId: string, streams: Map<string, Stream>): Pick<SupervisionNotices, 'open' | 'issued'> {
  const open: SupervisionNotices['open'] = [];
  const issued: SupervisionNotices['issued'] = {};
  const prefix = `notice-${taskId}.`;
  for (const [streamId, stream] of streams) {
    if (!streamId.startsWith(prefix)) continue;
    const match = /^([a-z_]+)\.(\d+)$/.exec(streamId.slice(prefix.length));
    if (!match) continue;
    const cause = match[1] as NoticeCause;
    issued[cause] = Math.max(issued[cause] ?? 0, Number(match[2]));
    const state = stream.reduce((folded, event) => evolveNotice(folded, event as unknown as NoticeEvent), initialNoticeState);
    if (state.status === 'empty' || state.status === 'closed' || state.cause === 'manual') continue;
    open.push({ noticeId: state.noticeId, cause: state.cause, periods: state.periods, causeCleared: state.causeCleared });
  }
  return { open, issued };
}

/** Report deadlines of the task moved by approved extensions (as the extension's signal moves them). */
function extendedDeadlinesOf(taskId: string, calendar: PlanCalendar, streams: Map<string, Stream>): Record<string, string> {
  const extended: Record<string, string> = {};
  for (const [streamId, stream] of streams) {
    if (kindOf(streamId) !== 'extension') continue;
    const state = stream.reduce((folded, event) => evolveExtension(folded, event as unknown as ExtensionEvent), initialExtensionState);
    if (state.status !== 'approved' || state.taskId !== taskId || state.noticeId !== undefined || state.period === undefined) continue;
    const deadline = laterDeadline(state.period, state.until, calendar);
    if (deadline !== undefined) extended[state.period] = deadline;
  }
  return extended;
}

/**
 * Where a task's supervision stood, from the streams: the run of the last period it opened goes
 * on (its period events already recorded are not recorded again), with the progress, reports,
 * notices and extensions the streams hold. Undefined when the task's stream is empty: a fresh
 * start (whose catch-up reads the reports) is then right.
 */
export function carriedSupervision(
  facts: TargetFacts,
  calendar: PlanCalendar,
  streams: Map<string, Stream>,
): TargetWorkflowInput['carried'] {
  const stream = (streams.get(targetWorkflowId(facts.taskId)) ?? []) as Array<RecordedEvent<TargetEvent>>;
  if (stream.length === 0) return undefined;
  const periods = periodsOf(facts.year);
  let state = initialTargetState;
  let periodIndex = 0;
  const signedOff: string[] = [];
  const countedReports: string[] = [];
  let progress: SupervisionNotices['progress'];
  for (const event of stream) {
    state = evolveTarget(state, event);
    if (event.type === 'ReportingPeriodOpened') periodIndex = Math.max(periodIndex, periods.indexOf(event.data.period));
    if (event.type === 'PeriodReportMissing' && event.data.period === periods[periods.length - 1]) periodIndex = periods.length;
    if (event.type === 'ProgressRecorded') {
      const { period, taskPercent, schedulePercent, reportId } = event.data;
      signedOff.push(period);
      countedReports.push(reportId);
      progress = { period, taskPercent, schedulePercent, tolerance: facts.tolerance ?? DEFAULT_BEHIND_TOLERANCE };
    }
  }
  const reports = reportsByTask(streams).get(facts.taskId) ?? { filed: [], returnsInARow: 0 };
  for (const report of reports.filed) state = noteReportFiled(state, report);
  return {
    periodIndex,
    version: stream[stream.length - 1]!.version,
    state,
    notices: {
      ...supervisionNoticesOf(facts.taskId, streams),
      signedOff,
      ...(progress ? { progress } : {}),
      returnsInARow: reports.returnsInARow,
    },
    countedReports,
    extended: extendedDeadlinesOf(facts.taskId, calendar, streams),
    recorded: stream.map(periodEventKey).filter((key): key is string => key !== undefined),
  };
}

/** Starts a workflow unless Temporal knows its id (running, or ended: an ended one is not begun again). */
async function startUnlessKnown(
  temporal: Client,
  workflow: Workflow,
  workflowId: string,
  taskQueue: string,
  args: unknown[],
): Promise<boolean> {
  try {
    await temporal.workflow.start(workflow, { workflowId, taskQueue, args: args as never, workflowIdReusePolicy: 'REJECT_DUPLICATE' });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

export interface ReconcileOptions {
  taskQueue: string;
  /** Supervision of every published plan's tasks (off where the configuration switches it off). */
  supervision: boolean;
}

/**
 * Temporal rebuilt from the event store: every open document's workflow, and every task's
 * supervision, started again with the same id over its stream, so each goes on where it stood
 * and appends after its last event. Safe to run at any time and from many workers at once: a
 * workflow Temporal knows is left alone (the id is the document's, REJECT_DUPLICATE).
 */
export async function reconcileWorkflows(temporal: Client, store: EventStore, options: ReconcileOptions): Promise<ReconcileOutcome> {
  const outcome = Object.fromEntries(RECONCILED_KINDS.map((kind) => [kind, { started: 0, present: 0, closed: 0 }])) as ReconcileOutcome;
  const { streams, planIds } = await documentStreams(store);
  const plans = new Map<string, PlanPublished | undefined>();
  for (const planId of planIds) plans.set(planId, (await latestPublishedPlan(store, planId))?.data);
  const rules = (planId: string): PlanRules => {
    const plan = plans.get(planId)?.plan;
    return {
      chain: (kind) => plan?.documentChains?.[kind] ?? DEFAULT_CHAINS[kind],
      noticeRules: () => noticeRulesFor(plan?.noticeRules, plan?.documentChains?.notice),
    };
  };

  for (const [streamId, stream] of streams) {
    const kind = kindOf(streamId);
    if (kind === undefined || kind === 'target') continue;
    const restart = restartOf(kind, streamId, stream, rules);
    if (!restart.open) outcome[kind].closed += 1;
    else if (await startUnlessKnown(temporal, restart.workflow, streamId, options.taskQueue, restart.args)) outcome[kind].started += 1;
    else outcome[kind].present += 1;
  }

  if (options.supervision) {
    for (const published of plans.values()) {
      if (!published) continue;
      const targets = await resumeSupervision(temporal, published, streams, options.taskQueue);
      outcome.target.started += targets.started;
      outcome.target.present += targets.present;
    }
  }
  return outcome;
}

/** What reconcile did, in the office's words (one line per kind). */
export function describeReconcile(outcome: ReconcileOutcome): string {
  const lines = RECONCILED_KINDS.map((kind) => {
    const { started, present, closed } = outcome[kind];
    return `${KIND_LABELS[kind]}：重建 ${started} 个，已在运行 ${present} 个${kind === 'target' ? '' : `，已办结 ${closed} 个`}`;
  });
  const started = RECONCILED_KINDS.reduce((sum, kind) => sum + outcome[kind].started, 0);
  return [`工作流对账完成：共重建 ${started} 个工作流。`, ...lines].join('\n');
}
