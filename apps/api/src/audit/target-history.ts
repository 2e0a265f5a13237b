import type { Event, RecordedEvent } from '@ledger/event-store';
import {
  evolve,
  evolveNotice,
  initialNoticeState,
  initialReportState,
  monthLabel,
  NOTICE_LEVEL_LABELS,
  noticeStreamId,
  percentOfTarget,
  planStreamId,
  reportStreamId,
  summarizeNotice,
  targetStreamId,
  taskId as taskIdOf,
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
} from '@ledger/domain';
import type { LedgerRuntime } from '../runtime';
import { eventLabel } from './labels';

export interface HistoryEvent {
  position: number;
  type: string;
  /** What a person reads for `type` (下发督办单, 签收, 签发 …). */
  label: string;
  /** When it happened (domain time). */
  at: string;
  /** When the store recorded it: what `asOf` is compared with. */
  recordedAt: string;
  actorId: string;
  role: string;
  reportId?: string;
  noticeId?: string;
  /** The event's own words: a reason, a comment, a notice's matter or measures, a level's rise. */
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
    indicators: Array<{ id: string; value: number | null; percent: number | null }>;
    reports: Array<{ id: string; period: string; status: string; revision: number }>;
    /** The task's 督办单 as they stood at `asOf` (level, status, deadlines), in the order they were issued. */
    notices: Array<Omit<NoticeSummary, 'taskId'> & { issuedAt: string }>;
  };
  events: HistoryEvent[];
}

/**
 * A task as it stood at `asOf`, replayed from the event store: the plan as published then, the
 * task's report streams, its notice streams and its supervision stream, each read up to the last
 * position recorded at or before `asOf`. Report and notice ids come from the read models (an
 * index only; contents come from the store).
 */
export async function loadTargetHistory(
  runtime: LedgerRuntime,
  task: { id: string; planId: string },
  asOf: string | undefined,
): Promise<TargetHistory> {
  const moment = asOf ?? new Date().toISOString();
  const position = asOf ? await runtime.store.positionAt(new Date(asOf)) : await runtime.store.lastPosition();
  const [reportIds, noticeIds]: Array<Array<{ id: string }>> = await Promise.all([
    runtime.dataSource.query('select id from rm_reports where task_id = $1', [task.id]),
    runtime.dataSource.query('select id from rm_notices where task_id = $1', [task.id]),
  ]);
  const read = <E extends Event>(stream: string) => runtime.store.readStream<E>(stream, { toPosition: position });
  const [plan, target, reports, notices] = await Promise.all([
    read<PlanEvent>(planStreamId(task.planId)),
    read<TargetEvent>(targetStreamId(task.id)),
    Promise.all(reportIds.map(({ id }) => read<ReportEvent>(reportStreamId(id)))),
    Promise.all(noticeIds.map(({ id }) => read<NoticeEvent>(noticeStreamId(id)))),
  ]);
  return { taskId: task.id, asOf: moment, position, ...foldTargetHistory(task.id, plan, reports, target, notices) };
}

/** Pure: the task's state and timeline from its streams (each in version order, already cut at the position). */
export function foldTargetHistory(
  taskId: string,
  planStream: readonly RecordedEvent<PlanEvent>[],
  reportStreams: readonly (readonly RecordedEvent<ReportEvent>[])[],
  targetStream: readonly RecordedEvent<TargetEvent>[],
  noticeStreams: readonly (readonly RecordedEvent<NoticeEvent>[])[] = [],
): Pick<TargetHistory, 'state' | 'events'> {
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

  const events = [
    ...[...reportStreams.flat(), ...targetStream].map(toHistoryEvent),
    ...noticeStreams.flat().map(toNoticeHistoryEvent),
  ].sort((a, b) => a.position - b.position);
  return {
    state: {
      indicators: indicators.map(({ id, target }) => {
        const value = latest.get(id)?.value ?? null;
        return { id, value, percent: value === null ? null : percentOfTarget(target, value) };
      }),
      reports,
      notices,
    },
    events,
  };
}

function indicatorsOf(published: PlanPublished, taskId: string): Array<{ id: string; target: Target }> {
  for (const section of published.plan.sections) {
    for (const category of section.categories) {
      for (const task of category.tasks) {
        if (taskIdOf(published.plan.id, task.code) === taskId) {
          return task.indicators.map((i) => ({ id: i.id, target: { kind: i.kind, target: i.target, comparator: i.comparator } }));
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

function historyEntry(event: RecordedEvent<ReportEvent | TargetEvent | NoticeEvent>): HistoryEvent {
  return {
    position: event.position,
    type: event.type,
    label: eventLabel(event.type),
    at: event.data.at,
    recordedAt: event.metadata.recordedAt,
    actorId: event.metadata.actorId,
    role: event.metadata.role,
  };
}
