import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from './projection';

/**
 * Applies a batch to every projection, projection by projection. A projection that reads another
 * one's tables must see them as they stood at each of its events, whatever the batch boundaries
 * are (live batches and a rebuild's batches differ): so the batch is cut around every event
 * such a dependency handles (plan publications, which are rare). (One statement at a time on the
 * connection: node-postgres deprecates queuing a query while another runs.)
 */
export async function applyEvents(
  manager: EntityManager,
  projections: readonly Projection[],
  events: readonly RecordedEvent[],
  isolate = false,
): Promise<ProjectionFailure[]> {
  const read = new Set(projections.flatMap((projection) => projection.reads ?? []));
  const barriers = new Set(projections.filter((projection) => read.has(projection.name)).flatMap((projection) => projection.handles));
  const handles = projections.map((projection) => new Set(projection.handles));
  const failures: ProjectionFailure[] = [];
  const stopped = new Set<string>();
  for (const segment of segments(events, barriers)) {
    for (const [index, projection] of projections.entries()) {
      if (stopped.has(projection.name)) continue;
      const handled = segment.filter((event) => handles[index]!.has(event.type));
      if (handled.length === 0) continue;
      if (!isolate) {
        await projection.apply(manager, handled);
        continue;
      }
      const failure = await applyIsolated(manager, projection, handled);
      if (failure) {
        failures.push(failure);
        stopped.add(projection.name);
        // A projection that reads the stopped one's tables would go on from stale rows.
        for (const dependant of projections) {
          if (dependant.reads?.includes(projection.name) && !stopped.has(dependant.name)) {
            stopped.add(dependant.name);
            failures.push({ ...failure, projection: dependant.name, error: `reads ${projection.name}, stopped: ${failure.error}` });
          }
        }
      }
    }
  }
  return failures;
}

/** A projection stopped at the first event it could not apply (what an operator is shown). */
export interface ProjectionFailure {
  projection: string;
  position: number;
  eventId: string;
  eventType: string;
  error: string;
}

/**
 * Applies under a savepoint. When the run fails, it is applied again event by event, so the
 * events before the culprit are kept and the culprit is named. Errors that say nothing about the
 * event (the connection, a deadlock, resources) are not blamed on it: they fail the batch.
 */
async function applyIsolated(
  manager: EntityManager,
  projection: Projection,
  events: readonly RecordedEvent[],
): Promise<ProjectionFailure | undefined> {
  if ((await attempt(manager, () => projection.apply(manager, events))) === undefined) return undefined;
  for (const event of events) {
    const error = await attempt(manager, () => projection.apply(manager, [event]));
    if (error !== undefined) {
      return {
        projection: projection.name,
        position: event.position,
        eventId: event.eventId,
        eventType: event.type,
        error: describe(error),
      };
    }
  }
  // Failed as a run, applied one by one: the run itself stays applied event by event.
  return undefined;
}

/**
 * Runs `work` under a savepoint: undefined when it succeeded; the error when the event caused it
 * (rolled back to the savepoint); any other error is rethrown.
 */
async function attempt(manager: EntityManager, work: () => Promise<unknown>): Promise<unknown> {
  await manager.query('savepoint projection_apply');
  try {
    await work();
    await manager.query('release savepoint projection_apply');
    return undefined;
  } catch (error) {
    if (!causedByTheEvent(error)) throw error;
    await manager.query('rollback to savepoint projection_apply');
    return error ?? new Error('unknown error');
  }
}

// SQLSTATE classes that are about the server or the moment, not the data: 08 connection,
// 40 transaction rollback (deadlock, serialization), 53 resources, 57 operator intervention, 58 system.
const TRANSIENT_SQLSTATE_CLASSES = ['08', '40', '53', '57', '58'];

function causedByTheEvent(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return !/connection|terminat|timeout/i.test(String((error as Error)?.message ?? error));
  return !TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2)) && !code.startsWith('E');
}

function describe(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000);
}

function segments(events: readonly RecordedEvent[], barriers: ReadonlySet<string>): RecordedEvent[][] {
  if (barriers.size === 0) return [events as RecordedEvent[]];
  const result: RecordedEvent[][] = [];
  let current: RecordedEvent[] = [];
  for (const event of events) {
    if (barriers.has(event.type)) {
      if (current.length > 0) result.push(current);
      result.push([event]);
      current = [];
    } else {
      current.push(event);
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** The projections to replay for these names: each named one and those it reads, in their running order. */
export function withDependencies(all: readonly Projection[], names: readonly string[]): Projection[] {
  const wanted = new Set<string>();
  const add = (name: string) => {
    const projection = all.find((candidate) => candidate.name === name);
    if (!projection) throw new Error(`no projection "${name}" (known: ${all.map((p) => p.name).join(', ')})`);
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const dependency of projection.reads ?? []) add(dependency);
  };
  names.forEach(add);
  return all.filter((projection) => wanted.has(projection.name));
}

/**
 * Writes rows (objects keyed by column name, every column present) in one statement; PostgreSQL
 * turns the JSON into rows of the table's own type. `guard` limits which conflicting rows change.
 */
export async function upsertRows(
  manager: EntityManager,
  table: string,
  key: readonly string[],
  rows: readonly object[],
  guard?: string,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).filter((column) => !key.includes(column));
  const update =
    columns.length > 0
      ? `do update set ${columns.map((c) => `"${c}" = excluded."${c}"`).join(', ')}${guard ? ` where ${guard}` : ''}`
      : 'do nothing';
  await manager.query(
    `insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb) on conflict (${key.join(', ')}) ${update}`,
    [JSON.stringify(rows)],
  );
}

/** Appends rows keyed by log position; a position already applied is left as it is. */
export async function insertRows(manager: EntityManager, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb) on conflict (position) do nothing`,
    [JSON.stringify(rows)],
  );
}
