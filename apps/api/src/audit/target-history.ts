import type { Event, RecordedEvent } from '@ledger/event-store';
import {
  evolve,
  initialReportState,
  percentOfTarget,
  planStreamId,
  reportStreamId,
  targetStreamId,
  taskId as taskIdOf,
  type PlanEvent,
  type PlanPublished,
  type ReportEvent,
  type ReportSignedOff,
  type ReportState,
  type Target,
  type TargetEvent,
} from '@ledger/domain';
import type { LedgerRuntime } from '../runtime';

export interface HistoryEvent {
  position: number;
  type: string;
  /** When it happened (domain time). */
  at: string;
  /** When the store recorded it: what `asOf` is compared with. */
  recordedAt: string;
  actorId: string;
  role: string;
  reportId?: string;
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
  };
  events: HistoryEvent[];
}

/**
 * A task as it stood at `asOf`, replayed from the event store: the plan as published then, the
 * task's report streams and its supervision stream, each read up to the last position recorded
 * at or before `asOf`. Report ids come from the read model (an index only; contents come from the store).
 */
export async function loadTargetHistory(
  runtime: LedgerRuntime,
  task: { id: string; planId: string },
  asOf: string | undefined,
): Promise<TargetHistory> {
  const moment = asOf ?? new Date().toISOString();
  const position = asOf ? await runtime.store.positionAt(new Date(asOf)) : await runtime.store.lastPosition();
  const ids: Array<{ id: string }> = await runtime.dataSource.query('select id from rm_reports where task_id = $1', [task.id]);
  const read = <E extends Event>(stream: string) => runtime.store.readStream<E>(stream, { toPosition: position });
  const [plan, target, ...reports] = await Promise.all([
    read<PlanEvent>(planStreamId(task.planId)),
    read<TargetEvent>(targetStreamId(task.id)),
    ...ids.map(({ id }) => read<ReportEvent>(reportStreamId(id))),
  ]);
  return { taskId: task.id, asOf: moment, position, ...foldTargetHistory(task.id, plan, reports, target) };
}

/** Pure: the task's state and timeline from its streams (each in version order, already cut at the position). */
export function foldTargetHistory(
  taskId: string,
  planStream: readonly RecordedEvent<PlanEvent>[],
  reportStreams: readonly (readonly RecordedEvent<ReportEvent>[])[],
  targetStream: readonly RecordedEvent<TargetEvent>[],
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

  const events = [...reportStreams.flat(), ...targetStream].sort((a, b) => a.position - b.position).map(toHistoryEvent);
  return {
    state: {
      indicators: indicators.map(({ id, target }) => {
        const value = latest.get(id)?.value ?? null;
        return { id, value, percent: value === null ? null : percentOfTarget(target, value) };
      }),
      reports,
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
  const entry: HistoryEvent = {
    position: event.position,
    type: event.type,
    at: data.at,
    recordedAt: event.metadata.recordedAt,
    actorId: event.metadata.actorId,
    role: event.metadata.role,
  };
  if ('reportId' in data && data.reportId) entry.reportId = data.reportId;
  const comment =
    ('reason' in data ? data.reason : undefined) ??
    ('comment' in data ? data.comment : undefined) ??
    ('message' in data ? data.message : undefined);
  if (comment !== undefined) entry.comment = comment;
  if (values) entry.values = values.map(({ indicatorId, value }) => ({ indicatorId, value }));
  return entry;
}
