import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@ledger/event-store';
import { insertRows, upsertRows } from '../projector/apply-events';
import { copyRows } from '../projector/copy-rows';
import type { Projection } from '../projector/projection';
import {
  foldTaskEvents,
  initialTaskFold,
  ownerOf,
  TASK_HISTORY_EVENT_TYPES,
  type StreamOwner,
  type TaskFold,
  type TaskHistoryEvent,
} from './task-fold';

/**
 * A snapshot of a task's fold every this many of its events: a history read folds at most this
 * many events past its snapshot, and the snapshots of a task take 1/this of its events in rows.
 */
export const TASK_SNAPSHOT_INTERVAL = 100;

/** A task's fold after its latest event: what the next event folds onto. */
interface TaskHead {
  position: number;
  /** How many of the task's events are folded into it. */
  events: number;
  fold: TaskFold;
}

interface IndexRow {
  position: number;
  task_id: string;
  stream_id: string;
  type: string;
  period: string | null;
}

interface SnapshotRow {
  task_id: string;
  position: number;
  events: number;
  state: TaskFold;
}

interface Indexed {
  rows: IndexRow[];
  owners: Array<{ stream_id: string; task_id: string; period: string | null }>;
  byTask: Map<string, RecordedEvent<TaskHistoryEvent>[]>;
}

/** Pure: which of the events concern a task, as index rows, with the streams first seen among them. */
function indexEvents(events: readonly RecordedEvent<TaskHistoryEvent>[], owners: Map<string, StreamOwner>): Indexed {
  const indexed: Indexed = { rows: [], owners: [], byTask: new Map() };
  for (const event of events) {
    const owner = ownerOf(event, owners);
    if (!owner) continue;
    if (owner.newOwner) indexed.owners.push({ stream_id: event.streamId, task_id: owner.taskId, period: owner.newOwner.period });
    indexed.rows.push({
      position: event.position,
      task_id: owner.taskId,
      stream_id: event.streamId,
      type: event.type,
      period: owner.period,
    });
    const run = indexed.byTask.get(owner.taskId) ?? [];
    run.push(event);
    indexed.byTask.set(owner.taskId, run);
  }
  return indexed;
}

/**
 * Pure: the head after a run of the task's events, and a snapshot at every event whose count is a
 * multiple of the interval. Where snapshots fall depends on the task's events only, never on how
 * the log was cut into batches, so a rebuild writes the rows the live projector wrote.
 */
export function advanceTaskHead(
  taskId: string,
  head: TaskHead,
  events: readonly RecordedEvent<TaskHistoryEvent>[],
): { head: TaskHead; snapshots: SnapshotRow[] } {
  const snapshots: SnapshotRow[] = [];
  let current = head;
  let run: RecordedEvent<TaskHistoryEvent>[] = [];
  for (const event of events) {
    run.push(event);
    const count = current.events + run.length;
    if (count % TASK_SNAPSHOT_INTERVAL === 0) {
      current = { position: event.position, events: count, fold: foldTaskEvents(current.fold, run) };
      snapshots.push({ task_id: taskId, position: current.position, events: current.events, state: current.fold });
      run = [];
    }
  }
  if (run.length > 0)
    current = { position: run[run.length - 1]!.position, events: current.events + run.length, fold: foldTaskEvents(current.fold, run) };
  return { head: current, snapshots };
}

const emptyHead = (): TaskHead => ({ position: 0, events: 0, fold: initialTaskFold });

const headRow = (taskId: string, head: TaskHead) => ({ task_id: taskId, position: head.position, events: head.events, state: head.fold });

/**
 * A task's history without reading its whole history: `rm_task_events` indexes every event that
 * concerns a task by position (read a page at a time with a LIMIT), `rm_task_snapshots` holds
 * the task's folded state every TASK_SNAPSHOT_INTERVAL of its events (a read as of a position
 * folds from the newest snapshot at or before it), `rm_task_folds` the fold after the latest
 * event (what the projector folds on from), `rm_task_streams` which task each stream belongs to.
 */
export const taskHistoryProjection: Projection<TaskHistoryEvent> = {
  name: 'task-history',
  handles: TASK_HISTORY_EVENT_TYPES,
  tables: ['rm_task_streams', 'rm_task_events', 'rm_task_folds', 'rm_task_snapshots'],
  async apply(manager, events) {
    const unnamed = [...new Set(events.map((event) => event.streamId))];
    const stored: Array<{ stream_id: string; task_id: string; period: string | null }> = await manager.query(
      `select stream_id, task_id, period from rm_task_streams where stream_id = any($1)`,
      [unnamed],
    );
    const owners = new Map(stored.map((row) => [row.stream_id, { taskId: row.task_id, period: row.period }]));
    const indexed = indexEvents(events, owners);
    await upsertRows(manager, 'rm_task_streams', ['stream_id'], indexed.owners);
    await insertRows(manager, 'rm_task_events', indexed.rows);
    const heads = await loadHeads(manager, [...indexed.byTask.keys()]);
    const changed: object[] = [];
    const snapshots: SnapshotRow[] = [];
    for (const [taskId, run] of indexed.byTask) {
      const advanced = advanceTaskHead(taskId, heads.get(taskId) ?? emptyHead(), run);
      changed.push(headRow(taskId, advanced.head));
      snapshots.push(...advanced.snapshots);
    }
    await upsertRows(manager, 'rm_task_folds', ['task_id'], changed);
    await upsertRows(manager, 'rm_task_snapshots', ['task_id', 'position'], snapshots);
  },
  // Into empty tables: the owners and heads stay in memory (written at flush), index rows and snapshots go out with COPY.
  replay: () => {
    const owners = new Map<string, StreamOwner>();
    const heads = new Map<string, TaskHead>();
    let newOwners: Indexed['owners'] = [];
    const dirty = new Set<string>();
    return {
      async apply(manager, events) {
        const indexed = indexEvents(events, owners);
        newOwners.push(...indexed.owners);
        await copyRows(manager, 'rm_task_events', indexed.rows);
        const snapshots: SnapshotRow[] = [];
        for (const [taskId, run] of indexed.byTask) {
          const advanced = advanceTaskHead(taskId, heads.get(taskId) ?? emptyHead(), run);
          heads.set(taskId, advanced.head);
          dirty.add(taskId);
          snapshots.push(...advanced.snapshots);
        }
        await copyRows(manager, 'rm_task_snapshots', snapshots);
      },
      async flush(manager) {
        for (let i = 0; i < newOwners.length; i += FLUSH_ROWS)
          await upsertRows(manager, 'rm_task_streams', ['stream_id'], newOwners.slice(i, i + FLUSH_ROWS));
        newOwners = [];
        await upsertRows(
          manager,
          'rm_task_folds',
          ['task_id'],
          [...dirty].map((taskId) => headRow(taskId, heads.get(taskId)!)),
        );
        dirty.clear();
      },
    };
  },
};

const FLUSH_ROWS = 10_000;

async function loadHeads(manager: EntityManager, taskIds: string[]): Promise<Map<string, TaskHead>> {
  if (taskIds.length === 0) return new Map();
  const rows: Array<{ task_id: string; position: string | number; events: number; state: TaskFold }> = await manager.query(
    `select task_id, position, events, state from rm_task_folds where task_id = any($1)`,
    [taskIds],
  );
  return new Map(rows.map((row) => [row.task_id, { position: Number(row.position), events: row.events, fold: row.state }]));
}
