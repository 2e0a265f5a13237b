import type { Event, RecordedEvent } from '@ledger/event-store';
import {
  evolve,
  evolveExtension,
  evolveInstruction,
  evolveNotice,
  evolveUrge,
  extensionStreamId,
  initialExtensionState,
  initialInstructionState,
  initialNoticeState,
  initialReportState,
  initialUrgeState,
  instructionStreamId,
  monthLabel,
  NOTICE_LEVEL_LABELS,
  noticeStreamId,
  percentOfTarget,
  planStreamId,
  reportStreamId,
  summarizeExtension,
  summarizeInstruction,
  summarizeNotice,
  summarizeUrge,
  TASK_FORCE_LEADER_LABELS,
  targetStreamId,
  taskId as taskIdOf,
  urgeStreamId,
  type ExtensionEvent,
  type ExtensionSummary,
  type InstructionEvent,
  type InstructionSummary,
  type NoticeEvent,
  type NoticeState,
  type NoticeSummary,
  type PlanEvent,
  type PlanPublished,
  type ReportEvent,
  type ReportSignedOff,
  type ReportState,
  type Target,
  type TargetEvent,
  type UrgeEvent,
  type UrgeSummary,
} from '@ledger/domain';
import type { LedgerRuntime } from '../runtime';
import { eventLabel } from './labels';

export interface HistoryEvent {
  position: number;
  type: string;
  /** What a person reads for `type` (下发督办单, 签收, 签发 …). */
  label: string;
  /** The month the event concerns (its own, or its report's), YYYY-MM, when it concerns one. */
  period?: string;
  /** When it happened (domain time). */
  at: string;
  /** When the store recorded it: what `asOf` is compared with. */
  recordedAt: string;
  actorId: string;
  role: string;
  reportId?: string;
  noticeId?: string;
  urgeId?: string;
  extensionId?: string;
  instructionId?: string;
  /** The event's own words: a reason, a comment, a notice's matter or measures, a level's rise, an instruction's text. */
  comment?: string;
  values?: Array<{ indicatorId: string; value: number }>;
}

export interface TargetHistory {
  taskId: string;
  /** The moment asked for (or the time of the answer). */
  asOf: string;
  /** The last position recorded at or before `asOf`: the state is the log folded up to it. */
  position: number;
  state: {
    indicators: Array<{ id: string; name: string; value: number | null; percent: number | null }>;
    reports: Array<{ id: string; period: string; status: string; revision: number }>;
    /** The task's 督办单 as they stood at `asOf` (level, status, deadlines), in the order they were issued. */
    notices: Array<Omit<NoticeSummary, 'taskId'> & { issuedAt: string }>;
    /** Its 催报, one per period urged, as they stood at `asOf`, in the order they were made. */
    urges: Array<Omit<UrgeSummary, 'taskId'>>;
    /** Its 延期申请, in the order they were asked. */
    extensions: Array<Omit<ExtensionSummary, 'taskId'>>;
    /** Its 领导批示, in the order they were recorded. */
    instructions: Array<Omit<InstructionSummary, 'taskId'>>;
  };
  events: HistoryEvent[];
}

/** The streams a task's history folds, each in version order and cut at the position. */
export interface TargetStreams {
  plan: readonly RecordedEvent<PlanEvent>[];
  target: readonly RecordedEvent<TargetEvent>[];
  reports: readonly (readonly RecordedEvent<ReportEvent>[])[];
  notices?: readonly (readonly RecordedEvent<NoticeEvent>[])[];
  urges?: readonly (readonly RecordedEvent<UrgeEvent>[])[];
  extensions?: readonly (readonly RecordedEvent<ExtensionEvent>[])[];
  instructions?: readonly (readonly RecordedEvent<InstructionEvent>[])[];
}

/**
 * A task as it stood at `asOf`, replayed from the event store: the plan as published then, the
 * task's supervision stream and the streams of its reports, notices, urges, extension requests
 * and instructions, each read up to the last position recorded at or before `asOf`. The ids of
 * the documents come from their read models (an index only; contents come from the store).
 */
export async function loadTargetHistory(
  runtime: LedgerRuntime,
  task: { id: string; planId: string },
  asOf: string | undefined,
): Promise<TargetHistory> {
  const moment = asOf ?? new Date().toISOString();
  const position = asOf ? await runtime.store.positionAt(new Date(asOf)) : await runtime.store.lastPosition();
  const idsIn = async (table: string): Promise<string[]> =>
    ((await runtime.dataSource.query(`select id from ${table} where task_id = $1`, [task.id])) as Array<{ id: string }>).map(
      ({ id }) => id,
    );
  const read = <E extends Event>(stream: string) => runtime.store.readStream<E>(stream, { toPosition: position });
  const readAll = async <E extends Event>(table: string, streamOf: (id: string) => string) =>
    Promise.all((await idsIn(table)).map((id) => read<E>(streamOf(id))));
  const [plan, target, reports, notices, urges, extensions, instructions] = await Promise.all([
    read<PlanEvent>(planStreamId(task.planId)),
    read<TargetEvent>(targetStreamId(task.id)),
    readAll<ReportEvent>('rm_reports', reportStreamId),
    readAll<NoticeEvent>('rm_notices', noticeStreamId),
    readAll<UrgeEvent>('rm_urges', urgeStreamId),
    readAll<ExtensionEvent>('rm_extensions', extensionStreamId),
    readAll<InstructionEvent>('rm_instructions', instructionStreamId),
  ]);
  const streams = { plan, target, reports, notices, urges, extensions, instructions };
  return { taskId: task.id, asOf: moment, position, ...foldTargetHistory(task.id, streams) };
}

/** Pure: the task's state and timeline from its streams. */
export function foldTargetHistory(taskId: string, streams: TargetStreams): Pick<TargetHistory, 'state' | 'events'> {
  const { plan: planStream, target: targetStream, reports: reportStreams } = streams;
  const { notices: noticeStreams = [], urges: urgeStreams = [], extensions: extensionStreams = [] } = streams;
  const instructionStreams = streams.instructions ?? [];
  const published = planStream.filter((e) => e.type === 'PlanPublished').pop()?.data;
  const indicators = published ? indicatorsOf(published, taskId) : [];

  const reports: TargetHistory['state']['reports'] = [];
  const signedOff: ReportSignedOff[] = [];
  for (const stream of reportStreams) {
    let state: ReportState = initialReportState;
    for (const event of stream) {
      state = evolve(state, event);
      if (event.type === 'ReportSignedOff') signedOff.push(event.data);
    }
    if (state.status !== 'empty')
      reports.push({ id: state.reportId, period: state.period, status: state.status, revision: state.revision });
  }
  reports.sort((a, b) => (a.period === b.period ? a.id.localeCompare(b.id) : a.period < b.period ? -1 : 1));

  // As the progress read model does: per indicator, the value of the latest signed-off period.
  const latest = new Map<string, { period: string; value: number }>();
  for (const s of signedOff) {
    for (const { indicatorId, value } of s.values) {
      const before = latest.get(indicatorId);
      if (!before || before.period <= s.period) latest.set(indicatorId, { period: s.period, value });
    }
  }

  const notices: TargetHistory['state']['notices'] = [];
  for (const stream of noticeStreams) {
    const state = stream.reduce<NoticeState>(evolveNotice, initialNoticeState);
    const summary = summarizeNotice(state);
    if (summary && state.status !== 'empty') {
      const { taskId: _taskId, ...notice } = summary;
      notices.push({ ...notice, issuedAt: state.issuedAt });
    }
  }
  notices.sort((a, b) => (a.issuedAt === b.issuedAt ? a.id.localeCompare(b.id) : a.issuedAt < b.issuedAt ? -1 : 1));

  const urges = foldDocuments(urgeStreams, evolveUrge, initialUrgeState, summarizeUrge, (u) => u.urgedAt);
  const extensions = foldDocuments(extensionStreams, evolveExtension, initialExtensionState, summarizeExtension, (x) => x.requestedAt);
  const instructions = foldDocuments(
    instructionStreams,
    evolveInstruction,
    initialInstructionState,
    summarizeInstruction,
    (i) => i.recordedAt,
  );

  const events = [
    ...[...reportStreams.flat(), ...targetStream].map(toHistoryEvent),
    ...noticeStreams.flat().map(toNoticeHistoryEvent),
    ...urgeStreams.flat().map(toUrgeHistoryEvent),
    ...extensionStreams.flat().map(toExtensionHistoryEvent),
    ...instructionStreams.flat().map(toInstructionHistoryEvent),
  ].sort((a, b) => a.position - b.position);
  // A report's later steps name no month; they concern the month of their report.
  const periodOfReport = new Map(reports.map((r) => [r.id, r.period]));
  for (const event of events) {
    if (event.period === undefined && event.reportId !== undefined && periodOfReport.has(event.reportId))
      event.period = periodOfReport.get(event.reportId);
  }
  return {
    state: {
      indicators: indicators.map(({ id, name, target }) => {
        const value = latest.get(id)?.value ?? null;
        return { id, name, value, percent: value === null ? null : percentOfTarget(target, value) };
      }),
      reports,
      notices,
      urges,
      extensions,
      instructions,
    },
    events,
  };
}

/**
 * Each document's stream folded with its kind's own `evolve`, summarized as its API shows it (less
 * the task id, which the history names once), in the order the documents began.
 */
function foldDocuments<E extends { type: string; data: object }, S, Summary extends { id: string; taskId: string }>(
  streams: readonly (readonly E[])[],
  evolveDocument: (state: S, event: E) => S,
  initial: S,
  summarize: (state: S) => Summary | null,
  began: (summary: Summary) => string,
): Array<Omit<Summary, 'taskId'>> {
  const summaries = streams.flatMap((stream) => {
    const summary = summarize(stream.reduce(evolveDocument, initial));
    return summary ? [summary] : [];
  });
  summaries.sort((a, b) => (began(a) === began(b) ? a.id.localeCompare(b.id) : began(a) < began(b) ? -1 : 1));
  return summaries.map(({ taskId: _taskId, ...rest }) => rest);
}

function indicatorsOf(published: PlanPublished, taskId: string): Array<{ id: string; name: string; target: Target }> {
  for (const section of published.plan.sections) {
    for (const category of section.categories) {
      for (const task of category.tasks) {
        if (taskIdOf(published.plan.id, task.code) === taskId) {
          return task.indicators.map((i) => ({
            id: i.id,
            name: i.name,
            target: { kind: i.kind, target: i.target, comparator: i.comparator },
          }));
        }
      }
    }
  }
  return [];
}

function toHistoryEvent(event: RecordedEvent<ReportEvent | TargetEvent>): HistoryEvent {
  const { data } = event;
  const values = 'values' in data ? data.values : 'indicators' in data ? data.indicators : undefined;
  const entry = historyEntry(event);
  if ('reportId' in data && data.reportId) entry.reportId = data.reportId;
  const comment =
    ('reason' in data ? data.reason : undefined) ??
    ('comment' in data ? data.comment : undefined) ??
    ('message' in data ? data.message : undefined);
  if (comment !== undefined) entry.comment = comment;
  if (values) entry.values = values.map(({ indicatorId, value }) => ({ indicatorId, value }));
  return entry;
}

function toNoticeHistoryEvent(event: RecordedEvent<NoticeEvent>): HistoryEvent {
  const entry: HistoryEvent = { ...historyEntry(event), noticeId: event.data.noticeId };
  const comment = noticeComment(event);
  if (comment !== undefined) entry.comment = comment;
  return entry;
}

/** A notice event's words for the timeline, in Chinese where the event holds a code. */
function noticeComment({ type, data }: NoticeEvent): string | undefined {
  switch (type) {
    case 'NoticeIssued':
      return `${NOTICE_LEVEL_LABELS[data.level]}：${data.matter}`;
    case 'NoticeAcknowledged':
      return undefined;
    case 'NoticeResponded':
      return data.measures;
    case 'NoticeReturned':
      return data.reason;
    case 'NoticeClosed':
      return data.comment;
    case 'NoticeEscalated':
      return `${NOTICE_LEVEL_LABELS[data.from]} → ${NOTICE_LEVEL_LABELS[data.to]}（${data.deadline === 'acknowledge' ? '逾期未签收' : '逾期未反馈'}）`;
    case 'NoticePeriodAdded':
      return monthLabel(data.period);
    case 'NoticeCauseCleared':
      return data.detail;
    case 'NoticeDeadlineExtended':
      return `反馈期限延至 ${data.dueAt}`;
    default: {
      const never: never = type;
      return never;
    }
  }
}

function toUrgeHistoryEvent(event: RecordedEvent<UrgeEvent>): HistoryEvent {
  const entry: HistoryEvent = { ...historyEntry(event), urgeId: event.data.urgeId };
  if (event.type === 'TaskUrged') {
    const { period, message } = event.data;
    entry.comment = message === undefined ? monthLabel(period) : `${monthLabel(period)}：${message}`;
  }
  return entry;
}

function toExtensionHistoryEvent(event: RecordedEvent<ExtensionEvent>): HistoryEvent {
  const entry: HistoryEvent = { ...historyEntry(event), extensionId: event.data.extensionId };
  const comment = extensionComment(event);
  if (comment !== undefined) entry.comment = comment;
  return entry;
}

/** What an extension event says: what is moved, to which day, and why. */
function extensionComment({ type, data }: ExtensionEvent): string | undefined {
  switch (type) {
    case 'ExtensionRequested': {
      const what = data.period === undefined ? '督办单反馈' : `${monthLabel(data.period)}报告`;
      return `${what}申请延期至 ${data.until}：${data.reason}`;
    }
    case 'ExtensionApproved':
      return data.comment === undefined ? `同意延期至 ${data.until}` : `同意延期至 ${data.until}：${data.comment}`;
    case 'ExtensionRefused':
      return data.reason;
    default: {
      const never: never = type;
      return never;
    }
  }
}

function toInstructionHistoryEvent(event: RecordedEvent<InstructionEvent>): HistoryEvent {
  const entry: HistoryEvent = { ...historyEntry(event), instructionId: event.data.instructionId };
  const { type, data } = event;
  if (type === 'InstructionRecorded') entry.comment = `${TASK_FORCE_LEADER_LABELS[data.by.role]}（${data.by.position}）：${data.text}`;
  else if (type === 'InstructionCarriedOut') entry.comment = data.text;
  return entry;
}

type HistorySourceEvent = ReportEvent | TargetEvent | NoticeEvent | UrgeEvent | ExtensionEvent | InstructionEvent;

function historyEntry(event: RecordedEvent<HistorySourceEvent>): HistoryEvent {
  return {
    position: event.position,
    type: event.type,
    label: eventLabel(event.type),
    ...('period' in event.data && typeof event.data.period === 'string' ? { period: event.data.period } : {}),
    at: event.data.at,
    recordedAt: event.metadata.recordedAt,
    actorId: event.metadata.actorId,
    role: event.metadata.role,
  };
}
