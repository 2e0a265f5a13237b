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
): Promise<void> {
  const read = new Set(projections.flatMap((projection) => projection.reads ?? []));
  const barriers = new Set(projections.filter((projection) => read.has(projection.name)).flatMap((projection) => projection.handles));
  const handles = projections.map((projection) => new Set(projection.handles));
  for (const segment of segments(events, barriers)) {
    for (const [index, projection] of projections.entries()) {
      const handled = segment.filter((event) => handles[index]!.has(event.type));
      if (handled.length > 0) await projection.apply(manager, handled);
    }
  }
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
