import {
  evolve,
  evolveExtension,
  evolveInstruction,
  evolveNotice,
  evolveUrge,
  EXTENSION_EVENT_TYPES,
  initialExtensionState,
  initialInstructionState,
  initialNoticeState,
  initialReportState,
  initialUrgeState,
  INSTRUCTION_EVENT_TYPES,
  NOTICE_EVENT_TYPES,
  REPORT_EVENT_TYPES,
  TARGET_EVENT_TYPES,
  URGE_EVENT_TYPES,
  type ExtensionEvent,
  type ExtensionState,
  type InstructionEvent,
  type InstructionState,
  type NoticeEvent,
  type NoticeState,
  type ReportEvent,
  type ReportState,
  type TargetEvent,
  type UrgeEvent,
  type UrgeState,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';

/** Every event that concerns one task: its supervision stream and the streams of its documents. */
export type TaskHistoryEvent = ReportEvent | TargetEvent | NoticeEvent | UrgeEvent | ExtensionEvent | InstructionEvent;

export const TASK_HISTORY_EVENT_TYPES: readonly TaskHistoryEvent['type'][] = [
  ...REPORT_EVENT_TYPES,
  ...TARGET_EVENT_TYPES,
  ...NOTICE_EVENT_TYPES,
  ...URGE_EVENT_TYPES,
  ...EXTENSION_EVENT_TYPES,
  ...INSTRUCTION_EVENT_TYPES,
];

/**
 * What a task's history folds its events into: the state each document kind's own `evolve` keeps,
 * and no more than an auditor reads. Reports are kept as the current one per period and unit
 * (a later submission for the same period and unit takes the place of the earlier one, which
 * stays in the timeline): the fold is as large as the plan's calendar, never as long as the log.
 * It is plain JSON, so a snapshot stored as jsonb folds on exactly as the fold in memory does.
 */
export interface TaskFold {
  /** `${period} ${unitId}` → the state of the latest report submitted for it. */
  reports: Record<string, ReportState>;
  /** Per indicator, the value of the latest signed-off period (as the progress read model keeps it). */
  latest: Record<string, { period: string; value: number }>;
  notices: Record<string, NoticeState>;
  urges: Record<string, UrgeState>;
  extensions: Record<string, ExtensionState>;
  instructions: Record<string, InstructionState>;
}

export const initialTaskFold: TaskFold = { reports: {}, latest: {}, notices: {}, urges: {}, extensions: {}, instructions: {} };

const REPORT = new Set<string>(REPORT_EVENT_TYPES);
const NOTICE = new Set<string>(NOTICE_EVENT_TYPES);
const URGE = new Set<string>(URGE_EVENT_TYPES);
const EXTENSION = new Set<string>(EXTENSION_EVENT_TYPES);
const INSTRUCTION = new Set<string>(INSTRUCTION_EVENT_TYPES);

const isReport = (e: RecordedEvent<TaskHistoryEvent>): e is RecordedEvent<ReportEvent> => REPORT.has(e.type);
const isNotice = (e: RecordedEvent<TaskHistoryEvent>): e is RecordedEvent<NoticeEvent> => NOTICE.has(e.type);
const isUrge = (e: RecordedEvent<TaskHistoryEvent>): e is RecordedEvent<UrgeEvent> => URGE.has(e.type);
const isExtension = (e: RecordedEvent<TaskHistoryEvent>): e is RecordedEvent<ExtensionEvent> => EXTENSION.has(e.type);
const isInstruction = (e: RecordedEvent<TaskHistoryEvent>): e is RecordedEvent<InstructionEvent> => INSTRUCTION.has(e.type);

/** Pure: the fold after one more of the task's events, in position order. The task's supervision events change no state. */
export function evolveTaskFold(fold: TaskFold, event: RecordedEvent<TaskHistoryEvent>): TaskFold {
  if (isReport(event)) return evolveReports(fold, event);
  if (isNotice(event)) return { ...fold, notices: evolveIn(fold.notices, event.data.noticeId, evolveNotice, initialNoticeState, event) };
  if (isUrge(event)) return { ...fold, urges: evolveIn(fold.urges, event.data.urgeId, evolveUrge, initialUrgeState, event) };
  if (isExtension(event))
    return { ...fold, extensions: evolveIn(fold.extensions, event.data.extensionId, evolveExtension, initialExtensionState, event) };
  if (isInstruction(event))
    return {
      ...fold,
      instructions: evolveIn(fold.instructions, event.data.instructionId, evolveInstruction, initialInstructionState, event),
    };
  return fold;
}

function evolveIn<S, E>(states: Record<string, S>, id: string, evolveDocument: (state: S, event: E) => S, initial: S, event: E) {
  return { ...states, [id]: evolveDocument(states[id] ?? initial, event) };
}

function evolveReports(fold: TaskFold, event: RecordedEvent<ReportEvent>): TaskFold {
  let latest = fold.latest;
  if (event.type === 'ReportSignedOff') {
    // Every sign-off counts, whether or not a later report took its report's place.
    latest = { ...latest };
    for (const { indicatorId, value } of event.data.values) {
      const before = latest[indicatorId];
      if (!before || before.period <= event.data.period) latest[indicatorId] = { period: event.data.period, value };
    }
  }
  const slot =
    event.type === 'ReportSubmitted'
      ? `${event.data.period} ${event.data.unitId}`
      : Object.keys(fold.reports).find((key) => reportIdOf(fold.reports[key]!) === event.data.reportId);
  if (slot === undefined) return latest === fold.latest ? fold : { ...fold, latest };
  const before = event.type === 'ReportSubmitted' ? initialReportState : fold.reports[slot]!;
  return { ...fold, latest, reports: { ...fold.reports, [slot]: evolve(before, event) } };
}

const reportIdOf = (state: ReportState): string | undefined => (state.status === 'empty' ? undefined : state.reportId);

/** Pure: the fold after a run of the task's events, in position order. */
export function foldTaskEvents(fold: TaskFold, events: readonly RecordedEvent<TaskHistoryEvent>[]): TaskFold {
  return events.reduce(evolveTaskFold, fold);
}

/** Where an event's stream belongs: its task, and the month of its report when it is a report's stream. */
export interface StreamOwner {
  taskId: string;
  period: string | null;
}

/**
 * Pure: the task an event concerns and the month it concerns. Events that name the task say so
 * themselves (a report's submission and sign-off, a document's first event, every supervision
 * event); the others belong to the task their stream's first event named (`owners`, which this
 * extends with the streams it sees begin). A report's later steps concern the month of their report.
 */
export function ownerOf(
  event: RecordedEvent<TaskHistoryEvent>,
  owners: Map<string, StreamOwner>,
): { taskId: string; period: string | null; newOwner?: StreamOwner } | undefined {
  const data = event.data as { taskId?: unknown; period?: unknown };
  let owner = owners.get(event.streamId);
  let newOwner: StreamOwner | undefined;
  if (!owner && typeof data.taskId === 'string') {
    owner = { taskId: data.taskId, period: event.type === 'ReportSubmitted' ? event.data.period : null };
    owners.set(event.streamId, owner);
    newOwner = owner;
  }
  if (!owner) return undefined;
  const period = typeof data.period === 'string' ? data.period : owner.period;
  return { taskId: owner.taskId, period, ...(newOwner ? { newOwner } : {}) };
}
