import type { RecordedEvent } from '@ledger/event-store';
import { SUPERVISION_CHECKPOINT } from '@ledger/bootstrap';
import {
  EXTENSION_EVENT_TYPES,
  INSTRUCTION_EVENT_TYPES,
  monthLabel,
  NOTICE_EVENT_TYPES,
  NOTICE_LEVEL_LABELS,
  percentOfTarget,
  planStreamId,
  summarizeExtension,
  summarizeInstruction,
  summarizeNotice,
  summarizeUrge,
  TASK_FORCE_LEADER_LABELS,
  taskId as taskIdOf,
  URGE_EVENT_TYPES,
  type ExtensionEvent,
  type ExtensionSummary,
  type InstructionEvent,
  type InstructionSummary,
  type NoticeEvent,
  type NoticeSummary,
  type PlanEvent,
  type PlanPublished,
  type ReportEvent,
  type Target,
  type TargetEvent,
  type UrgeEvent,
  type UrgeSummary,
} from '@ledger/domain';
import {
  foldTaskEvents,
  initialTaskFold,
  ownerOf,
  taskHistoryProjection,
  TASK_HISTORY_EVENT_TYPES,
  type StreamOwner,
  type TaskFold,
  type TaskHistoryEvent,
} from '@ledger/read-models';
import { encodeCursor } from '../http/paging';
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
    /** The current report of each period and unit (a later submission takes an earlier one's place; both stay in the timeline). */
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
  /** A page of the timeline: the latest events at or before `position` (before `cursor`, when given), oldest first. */
  events: HistoryEvent[];
  /** The cursor of the page of events before this one, while earlier events remain. */
  earlier?: string;
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

/** Events of the timeline a page holds when no `limit` is given, and the most it may ask for. */
export const HISTORY_PAGE = 50;
export const MAX_HISTORY_PAGE = 200;

/** What a page of the timeline is asked with: how many events, and the position to go back from. */
export interface HistoryPageRequest {
  limit?: number;
  /** Only events below this position (the cursor of the page after). */
  before?: number;
}

/** What the history reads: the event store and the read models. */
export type HistoryReader = Pick<LedgerRuntime, 'store' | 'dataSource'>;

/**
 * A task as it stood at `asOf`, replayed from the event store, without reading the task's whole
 * history: the state folds the task's events from its newest snapshot at or before the position
 * (at most TASK_SNAPSHOT_INTERVAL events), and the timeline is one page of the task's event index.
 * What the projector has not indexed yet is read from the log past its checkpoint. `page: 'all'`
 * (the exports) takes the whole timeline.
 */
export async function loadTargetHistory(
  reader: HistoryReader,
  task: { id: string; planId: string },
  asOf: string | undefined,
  page: HistoryPageRequest | 'all' = {},
): Promise<TargetHistory> {
  const moment = asOf ?? new Date().toISOString();
  const position = asOf ? await reader.store.positionAt(new Date(asOf)) : await reader.store.lastPosition();
  return { taskId: task.id, asOf: moment, ...(await historyAtPosition(reader, task, position, page)) };
}

/** The task folded up to a position of the log, with a page of its timeline (see loadTargetHistory). */
export async function historyAtPosition(
  reader: HistoryReader,
  task: { id: string; planId: string },
  position: number,
  page: HistoryPageRequest | 'all' = {},
): Promise<Omit<TargetHistory, 'taskId' | 'asOf'>> {
  const indexed = Math.min(position, await indexedPosition(reader));
  const [plan, unindexed, snapshot] = await Promise.all([
    planEventsUpTo(reader, task.planId, position),
    unindexedEventsOf(reader, task.id, indexed, position),
    snapshotAt(reader, task.id, indexed),
  ]);
  const tail = await indexRows(reader, task.id, { after: snapshot.position, upTo: indexed });
  const timeline = await timelineRows(reader, task.id, indexed, unindexed, page);
  const read = new Map(
    (
      await readEvents(
        reader,
        [...tail, ...timeline.rows].map((row) => row.position),
      )
    ).map((event) => [event.position, event]),
  );
  const eventAt = (row: IndexRow) => {
    const event = read.get(row.position) ?? unindexed.find((e) => e.event.position === row.position)?.event;
    if (!event) throw new Error(`the task index names position ${row.position}, which the event store does not hold`);
    return event;
  };
  const fold = foldTaskEvents(snapshot.state, [...tail.map(eventAt), ...unindexed.map((e) => e.event)]);
  return {
    position,
    state: presentState(task.id, plan, fold),
    events: timeline.rows.map((row) => historyEventOf(eventAt(row), row.period)),
    ...(timeline.earlier === undefined ? {} : { earlier: timeline.earlier }),
  };
}

/**
 * The plan streams read so far, per event store. A recorded event never changes and a plan's
 * published version is a large document (every task and indicator), so a history reads only what
 * was appended to the plan's stream since it was last read, not the whole plan again.
 */
const planStreams = new WeakMap<HistoryReader['store'], Map<string, readonly RecordedEvent<PlanEvent>[]>>();

async function planEventsUpTo(reader: HistoryReader, planId: string, position: number): Promise<RecordedEvent<PlanEvent>[]> {
  const known = planStreams.get(reader.store) ?? new Map<string, readonly RecordedEvent<PlanEvent>[]>();
  planStreams.set(reader.store, known);
  const before = known.get(planId) ?? [];
  const newer = await reader.store.readStream<PlanEvent>(planStreamId(planId), { fromVersion: (before.at(-1)?.version ?? 0) + 1 });
  // Another request may have added the same events meanwhile: keep each version once.
  const now = known.get(planId) ?? [];
  const merged = [...now, ...newer.filter((event) => event.version > (now.at(-1)?.version ?? 0))];
  known.set(planId, merged);
  return merged.filter((event) => event.position <= position);
}

/** A row of the task's event index: a position, and the month its event concerns. */
interface IndexRow {
  position: number;
  period: string | null;
}

/**
 * How far the task index is complete: the supervision projector's checkpoint, or the position
 * before the event it stopped at, should the index's projection have been stopped there.
 */
async function indexedPosition(reader: HistoryReader): Promise<number> {
  const rows: Array<{ position: string | number | null }> = await reader.dataSource.query(
    `select least((select position from projection_checkpoints where name = $1),
                  (select position - 1 from projection_failures where projector = $1 and projection = $2)) as position`,
    [SUPERVISION_CHECKPOINT, taskHistoryProjection.name],
  );
  return Number(rows[0]?.position ?? 0);
}

/** The task's events past the index, up to the position, from the log (as many as the projector lags behind). */
async function unindexedEventsOf(
  reader: HistoryReader,
  taskId: string,
  after: number,
  upTo: number,
): Promise<Array<{ event: RecordedEvent<TaskHistoryEvent>; period: string | null }>> {
  const handled = new Set<string>(TASK_HISTORY_EVENT_TYPES);
  const found: Array<{ event: RecordedEvent<TaskHistoryEvent>; period: string | null }> = [];
  const owners = new Map<string, StreamOwner>();
  for (let from = after; from < upTo;) {
    const batch = (await reader.store.readAll(from, Math.min(1000, upTo - from))).filter((e) => e.position <= upTo);
    if (batch.length === 0) break;
    from = batch[batch.length - 1]!.position;
    const events = batch.filter((e): e is RecordedEvent<TaskHistoryEvent> => handled.has(e.type));
    const unknown = [...new Set(events.map((e) => e.streamId))].filter((id) => !owners.has(id));
    const stored: Array<{ stream_id: string; task_id: string; period: string | null }> =
      unknown.length === 0
        ? []
        : await reader.dataSource.query(`select stream_id, task_id, period from rm_task_streams where stream_id = any($1)`, [unknown]);
    for (const row of stored) owners.set(row.stream_id, { taskId: row.task_id, period: row.period });
    for (const event of events) {
      const owner = ownerOf(event, owners);
      if (owner?.taskId === taskId) found.push({ event, period: owner.period });
    }
  }
  return found;
}

/**
 * The task's newest fold at or before the position (the empty fold before its first): a snapshot,
 * or the projector's head fold (the fold after the task's latest indexed event) when that is not
 * past the position, as it is not for a read of now. Then nothing is left to fold but what the
 * projector has not indexed yet.
 */
async function snapshotAt(reader: HistoryReader, taskId: string, upTo: number): Promise<{ position: number; state: TaskFold }> {
  const rows: Array<{ position: string | number; state: TaskFold }> = await reader.dataSource.query(
    `(select position, state from rm_task_folds where task_id = $1 and position <= $2)
     union all
     (select position, state from rm_task_snapshots where task_id = $1 and position <= $2 order by position desc limit 1)
     order by position desc limit 1`,
    [taskId, upTo],
  );
  const row = rows[0];
  return row ? { position: Number(row.position), state: row.state } : { position: 0, state: initialTaskFold };
}

/** The task's indexed events in (after, upTo], oldest first: past a snapshot, fewer than its interval. */
async function indexRows(reader: HistoryReader, taskId: string, range: { after: number; upTo: number }): Promise<IndexRow[]> {
  const rows: Array<{ position: string | number; period: string | null }> = await reader.dataSource.query(
    `select position, period from rm_task_events where task_id = $1 and position > $2 and position <= $3 order by position`,
    [taskId, range.after, range.upTo],
  );
  return rows.map((row) => ({ position: Number(row.position), period: row.period }));
}

/**
 * The page of the timeline: the latest `limit` events below the cursor, the unindexed ones (the
 * newest) first, then the index's, read with a LIMIT; oldest first, with the cursor of the page
 * before while more remains.
 */
async function timelineRows(
  reader: HistoryReader,
  taskId: string,
  indexed: number,
  unindexed: ReadonlyArray<{ event: RecordedEvent; period: string | null }>,
  page: HistoryPageRequest | 'all',
): Promise<{ rows: IndexRow[]; earlier?: string }> {
  const newer = unindexed.map(({ event, period }) => ({ position: event.position, period }));
  if (page === 'all') return { rows: [...(await indexRows(reader, taskId, { after: 0, upTo: indexed })), ...newer] };
  const limit = Math.min(page.limit ?? HISTORY_PAGE, MAX_HISTORY_PAGE);
  const before = page.before ?? Number.MAX_SAFE_INTEGER;
  const candidates = newer.filter((row) => row.position < before).reverse();
  if (candidates.length <= limit) {
    const rows: Array<{ position: string | number; period: string | null }> = await reader.dataSource.query(
      `select position, period from rm_task_events where task_id = $1 and position <= $2 and position < $3
        order by position desc limit $4`,
      [taskId, indexed, before, limit + 1 - candidates.length],
    );
    candidates.push(...rows.map((row) => ({ position: Number(row.position), period: row.period })));
  }
  const rows = candidates.slice(0, limit).reverse();
  return candidates.length > limit && rows[0] ? { rows, earlier: encodeCursor([rows[0].position]) } : { rows };
}

/** The events at the positions, read a thousand at a time (a page and a tail are far fewer; an export may be more). */
async function readEvents(reader: HistoryReader, positions: number[]): Promise<RecordedEvent<TaskHistoryEvent>[]> {
  const unique = [...new Set(positions)];
  const events: RecordedEvent[] = [];
  for (let i = 0; i < unique.length; i += 1000) events.push(...(await reader.store.readPositions(unique.slice(i, i + 1000))));
  return events as RecordedEvent<TaskHistoryEvent>[];
}

/**
 * Pure: the task's state and timeline from its streams, folded from `from` (the empty fold by
 * default; a snapshot's fold, given the streams past the snapshot's position). What the paged read
 * must agree with: it is the whole history folded at once.
 */
export function foldTargetHistory(
  taskId: string,
  streams: TargetStreams,
  from: TaskFold = initialTaskFold,
): Pick<TargetHistory, 'state' | 'events'> & { fold: TaskFold } {
  const events: RecordedEvent<TaskHistoryEvent>[] = [
    ...streams.target,
    ...streams.reports.flat(),
    ...(streams.notices ?? []).flat(),
    ...(streams.urges ?? []).flat(),
    ...(streams.extensions ?? []).flat(),
    ...(streams.instructions ?? []).flat(),
  ].sort((a, b) => a.position - b.position);
  // A report's later steps name no month; they concern the month of their report.
  const periodOfReport = new Map(
    streams.reports.flat().flatMap((e) => (e.type === 'ReportSubmitted' ? [[e.data.reportId, e.data.period] as const] : [])),
  );
  const fold = foldTaskEvents(from, events);
  return {
    fold,
    state: presentState(taskId, streams.plan, fold),
    events: events.map((event) =>
      historyEventOf(event, 'reportId' in event.data ? (periodOfReport.get(event.data.reportId) ?? null) : null),
    ),
  };
}

/** Pure: the state as the API shows it, from the fold and the plan as published by then. */
export function presentState(taskId: string, plan: readonly RecordedEvent<PlanEvent>[], fold: TaskFold): TargetHistory['state'] {
  const published = plan.filter((e) => e.type === 'PlanPublished').pop()?.data;
  const indicators = published ? indicatorsOf(published, taskId) : [];
  const reports = Object.values(fold.reports).flatMap((state) =>
    state.status === 'empty' ? [] : [{ id: state.reportId, period: state.period, status: state.status, revision: state.revision }],
  );
  reports.sort((a, b) => (a.period === b.period ? a.id.localeCompare(b.id) : a.period < b.period ? -1 : 1));
  const notices: TargetHistory['state']['notices'] = [];
  for (const state of Object.values(fold.notices)) {
    const summary = summarizeNotice(state);
    if (summary && state.status !== 'empty') {
      const { taskId: _taskId, ...notice } = summary;
      notices.push({ ...notice, issuedAt: state.issuedAt });
    }
  }
  notices.sort((a, b) => (a.issuedAt === b.issuedAt ? a.id.localeCompare(b.id) : a.issuedAt < b.issuedAt ? -1 : 1));
  return {
    indicators: indicators.map(({ id, name, target }) => {
      const value = fold.latest[id]?.value ?? null;
      return { id, name, value, percent: value === null ? null : percentOfTarget(target, value) };
    }),
    reports,
    notices,
    urges: summarized(Object.values(fold.urges), summarizeUrge, (u) => u.urgedAt),
    extensions: summarized(Object.values(fold.extensions), summarizeExtension, (x) => x.requestedAt),
    instructions: summarized(Object.values(fold.instructions), summarizeInstruction, (i) => i.recordedAt),
  };
}

/**
 * Each document summarized as its API shows it (less the task id, which the history names once),
 * in the order the documents began.
 */
function summarized<S, Summary extends { id: string; taskId: string }>(
  states: readonly S[],
  summarize: (state: S) => Summary | null,
  began: (summary: Summary) => string,
): Array<Omit<Summary, 'taskId'>> {
  const summaries = states.flatMap((state) => {
    const summary = summarize(state);
    return summary ? [summary] : [];
  });
  summaries.sort((a, b) => (began(a) === began(b) ? a.id.localeCompare(b.id) : began(a) < began(b) ? -1 : 1));
  return summaries.map(({ taskId: _taskId, ...rest }) => rest);
}

const NOTICE = new Set<string>(NOTICE_EVENT_TYPES);
const URGE = new Set<string>(URGE_EVENT_TYPES);
const EXTENSION = new Set<string>(EXTENSION_EVENT_TYPES);
const INSTRUCTION = new Set<string>(INSTRUCTION_EVENT_TYPES);

/** Pure: one event as the timeline shows it; `reportPeriod` is the month of its report, for a report's later steps. */
export function historyEventOf(event: RecordedEvent<TaskHistoryEvent>, reportPeriod: string | null): HistoryEvent {
  const entry = NOTICE.has(event.type)
    ? toNoticeHistoryEvent(event as RecordedEvent<NoticeEvent>)
    : URGE.has(event.type)
      ? toUrgeHistoryEvent(event as RecordedEvent<UrgeEvent>)
      : EXTENSION.has(event.type)
        ? toExtensionHistoryEvent(event as RecordedEvent<ExtensionEvent>)
        : INSTRUCTION.has(event.type)
          ? toInstructionHistoryEvent(event as RecordedEvent<InstructionEvent>)
          : toHistoryEvent(event as RecordedEvent<ReportEvent | TargetEvent>);
  if (entry.period === undefined && entry.reportId !== undefined && reportPeriod !== null) entry.period = reportPeriod;
  return entry;
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
