import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { quoteIdent, readModelDdl } from '../schema';
import { applyEvents, withDependencies } from './apply-events';
import type { Projection, ProjectionReplay } from './projection';
import { assertContiguous } from './projector';

export interface RebuildOptions {
  dataSource: DataSource;
  store: EventStore;
  /** The live projector's checkpoint: the shadow is built up to exactly where the live tables stand. */
  checkpointName: string;
  /** Every projection the live projector runs. */
  projections: readonly Projection[];
  /** Projections to rebuild (default: all); the ones they read are replayed with them. */
  names?: readonly string[];
  batchSize?: number;
  log?: (message: string) => void;
}

export interface RebuildResult {
  /** The projections whose tables were replaced. */
  projections: string[];
  tables: string[];
  /** The log position both the old and the new tables stood at when they were switched. */
  position: number;
  /** Events replayed into the shadow. */
  events: number;
  ms: number;
}

export interface TableDifference {
  table: string;
  liveRows: number;
  rebuiltRows: number;
  /** Rows only the live table has, and rows only the rebuild has (a few of each, as JSON). */
  onlyLive: unknown[];
  onlyRebuilt: unknown[];
  missing: number;
  extra: number;
}

export interface VerifyResult {
  identical: boolean;
  position: number;
  events: number;
  tables: TableDifference[];
}

const SAMPLE = 5;
/** Large batches: a report's events mostly fall in one or two of them, so its row is written once or twice. */
const REBUILD_BATCH = 25_000;

/**
 * Blue-green rebuild: replays the log from position 0 into a shadow schema while the live tables
 * keep serving and the live projector keeps moving, then, in one transaction that holds the live
 * checkpoint row (so the live projector waits for that transaction only), applies the last few
 * events and moves the shadow tables in place of the live ones. Queries see the old tables or the
 * new ones, never an empty or half-built table.
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildResult> {
  const started = Date.now();
  const selected = selectProjections(options);
  const tables = selected.rebuilt.flatMap((projection) => projection.tables);
  const outcome = await withShadow(options, selected.replayed, async (manager, shadow) => {
    const retired = quoteIdent(`rm_retired_${shadow.slice('rm_build_'.length)}`);
    await manager.query(`create schema ${retired}`);
    for (const table of tables) {
      await manager.query(`alter table public.${table} set schema ${retired}`);
      await manager.query(`alter table ${quoteIdent(shadow)}.${table} set schema public`);
    }
    await manager.query(`drop schema ${retired} cascade`);
  });
  return {
    projections: selected.rebuilt.map((p) => p.name),
    tables,
    position: outcome.position,
    events: outcome.events,
    ms: Date.now() - started,
  };
}

/** Rebuilds every read model into a shadow, compares it row by row with the live tables, and drops it. */
export async function verifyReadModels(options: Omit<RebuildOptions, 'names'>): Promise<VerifyResult> {
  const tables = options.projections.flatMap((projection) => projection.tables);
  let differences: TableDifference[] = [];
  const outcome = await withShadow(options, options.projections, async (manager, shadow) => {
    differences = [];
    for (const table of tables) differences.push(await compareTable(manager, table, `${quoteIdent(shadow)}.${table}`));
  });
  const identical = differences.every((d) => d.missing === 0 && d.extra === 0);
  return { identical, position: outcome.position, events: outcome.events, tables: differences };
}

function selectProjections(options: RebuildOptions): { rebuilt: Projection[]; replayed: Projection[] } {
  const names = options.names && options.names.length > 0 ? options.names : options.projections.map((p) => p.name);
  const replayed = withDependencies(options.projections, names);
  return { rebuilt: replayed.filter((projection) => names.includes(projection.name)), replayed };
}

/**
 * Builds the shadow schema, catches it up with the live checkpoint, then runs `finish` in the
 * transaction that holds the checkpoint row with the shadow at exactly that position. The shadow
 * is gone afterwards (moved into place by `finish`, or dropped).
 */
async function withShadow(
  options: RebuildOptions,
  projections: readonly Projection[],
  finish: (manager: EntityManager, shadow: string) => Promise<void>,
): Promise<{ position: number; events: number }> {
  const { dataSource, checkpointName, log } = options;
  const guard = await exclusive(dataSource, `rebuild:${checkpointName}`);
  const shadow = `rm_build_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  try {
    await dropLeftovers(dataSource);
    await dataSource.query(`create schema ${quoteIdent(shadow)}; ${readModelDdl(shadow)}`);
    const replaying = startReplay(projections);
    let position = 0;
    let events = 0;
    for (;;) {
      const live = await livePosition(dataSource, checkpointName);
      if (live - position <= (options.batchSize ?? REBUILD_BATCH)) break;
      const replayed = await replay(options, replaying.groups, shadow, position, live);
      position += replayed;
      events += replayed;
      log?.(`replayed ${position} of ${live}`);
    }
    // What the replay holds in memory is written now, so the transaction below, which the live
    // projector waits for, writes only what its last few events change.
    await inShadow(dataSource, shadow, (manager) => replaying.flush(manager));
    await dataSource.transaction(async (manager) => {
      await manager.query(`insert into projection_checkpoints (name, position) values ($1, 0) on conflict (name) do nothing`, [
        checkpointName,
      ]);
      const rows: { position: number | string }[] = await manager.query(
        `select position from projection_checkpoints where name = $1 for update`,
        [checkpointName],
      );
      const live = Number(rows[0]!.position);
      await manager.query(`set local search_path to ${quoteIdent(shadow)}`);
      while (position < live) {
        const batch = await options.store.readAll(position, Math.min(options.batchSize ?? REBUILD_BATCH, live - position));
        assertContiguous(position, batch);
        if (batch.length === 0) throw new Error(`the log ends at ${position}, before the checkpoint ${live}`);
        await applyEvents(manager, replaying.projections, batch);
        position += batch.length;
        events += batch.length;
      }
      await replaying.flush(manager);
      await manager.query('set local search_path to public');
      await finish(manager, shadow);
      // Rebuilt whole, a stopped projection is current again: the live projector takes it back.
      await manager.query(`delete from projection_failures where projector = $1 and projection = any($2)`, [
        checkpointName,
        projections.map((projection) => projection.name),
      ]);
    });
    return { position, events };
  } finally {
    await dataSource.query(`drop schema if exists ${quoteIdent(shadow)} cascade`).catch(() => undefined);
    await guard.release();
  }
}

/**
 * Replays (from, to] into the shadow as a pipeline: the next batch is read while the current one
 * is written, and each group of projections is a lane of its own (its own transaction per batch,
 * so its own PostgreSQL backend) that takes batch after batch in order. A lane starts on a batch
 * as soon as it has finished the one before, not when every lane has: Node folds one group's
 * batch while PostgreSQL is still taking in another group's rows. At most two batches are in
 * flight. Returns the number of events replayed.
 */
async function replay(
  options: RebuildOptions,
  groups: readonly (readonly Projection[])[],
  shadow: string,
  from: number,
  to: number,
): Promise<number> {
  const { store, dataSource, batchSize = REBUILD_BATCH } = options;
  const read = (after: number): Promise<RecordedEvent[]> | undefined =>
    after < to ? store.readAll(after, Math.min(batchSize, to - after)) : undefined;
  let position = from;
  let next = read(position);
  // Per lane, the transaction of the batch it is on; every one is waited for before this returns,
  // failed or not: none may still be writing when the shadow is switched in or dropped.
  let lanes: Promise<void>[] = groups.map(() => Promise.resolve());
  try {
    while (next) {
      const batch = await next;
      assertContiguous(position, batch);
      if (batch.length === 0) break;
      const after = position + batch.length;
      next = read(after);
      const previous = lanes;
      lanes = previous.map((lane, index) => {
        const work = lane.then(() =>
          inShadow(dataSource, shadow, async (manager) => void (await applyEvents(manager, groups[index]!, batch))),
        );
        // Its failure is reported by the waits below; it must not count as unhandled until then.
        work.catch(() => undefined);
        return work;
      });
      // The batch before this one is done everywhere before the next is read in: two in flight at most.
      await allSettledOrThrow(previous);
      position = after;
    }
    await allSettledOrThrow(lanes);
  } finally {
    await Promise.allSettled([...lanes, next]);
  }
  return position - from;
}

/**
 * The projections as a replay into the shadow runs them: through their own `replay` where they
 * have one, except those another projection reads while applying (that one must find every row
 * in the tables, none held back in memory). `groups` splits them for the catch-up: a projection
 * with its own replay that reads no other and is read by none keeps to its own tables, so it gets
 * a transaction (and a PostgreSQL backend) of its own; the others share one, in their order.
 */
function startReplay(projections: readonly Projection[]): {
  projections: Projection[];
  groups: Projection[][];
  flush(manager: EntityManager): Promise<void>;
} {
  const read = new Set(projections.flatMap((projection) => projection.reads ?? []));
  const replays: ProjectionReplay[] = [];
  const alone: Projection[] = [];
  const together: Projection[] = [];
  const replaying = projections.map((projection): Projection => {
    const replay = read.has(projection.name) ? undefined : projection.replay?.();
    if (!replay) {
      together.push(projection);
      return projection;
    }
    replays.push(replay);
    const replayed = { ...projection, apply: (manager: EntityManager, events: readonly RecordedEvent[]) => replay.apply(manager, events) };
    (projection.reads?.length ? together : alone).push(replayed);
    return replayed;
  });
  return {
    projections: replaying,
    groups: [together, ...alone.map((projection) => [projection])].filter((group) => group.length > 0),
    flush: async (manager) => {
      for (const replay of replays) await replay.flush(manager);
    },
  };
}

/** Waits for every one (none is left half-way), then throws the first failure. */
async function allSettledOrThrow(work: ReadonlyArray<Promise<void>>): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((outcome) => outcome.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/**
 * One transaction writing into the shadow, whose tables are the only ones its search_path finds:
 * should the shadow be gone, a statement fails instead of writing into the live tables. It
 * need not wait for its WAL to reach the disk: after a crash the shadow is dropped and the rebuild
 * starts over, whatever it held.
 */
function inShadow(dataSource: DataSource, shadow: string, work: (manager: EntityManager) => Promise<void>): Promise<void> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`set local search_path to ${quoteIdent(shadow)}; set local synchronous_commit to off`);
    await work(manager);
  });
}

async function livePosition(dataSource: DataSource, name: string): Promise<number> {
  const rows: { position: number | string }[] = await dataSource.query('select position from projection_checkpoints where name = $1', [
    name,
  ]);
  return rows.length > 0 ? Number(rows[0]!.position) : 0;
}

/** Shadows left by a rebuild that died half-way (only dropped while holding the rebuild lock). */
async function dropLeftovers(dataSource: DataSource): Promise<void> {
  const rows: { name: string }[] = await dataSource.query(
    `select nspname as name from pg_namespace where nspname like 'rm\\_build\\_%' or nspname like 'rm\\_retired\\_%'`,
  );
  for (const { name } of rows) await dataSource.query(`drop schema if exists ${quoteIdent(name)} cascade`);
}

/** One rebuild or verify at a time per projector: a session advisory lock, waited for. */
async function exclusive(dataSource: DataSource, key: string): Promise<{ release(): Promise<void> }> {
  const runner: QueryRunner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.query('select pg_advisory_lock(hashtext($1))', [key]);
  return {
    release: async () => {
      await runner.query('select pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      await runner.release();
    },
  };
}

async function compareTable(manager: EntityManager, table: string, shadowTable: string): Promise<TableDifference> {
  const [counts]: { live: number | string; rebuilt: number | string; missing: number | string; extra: number | string }[] =
    await manager.query(
      `select (select count(*) from public.${table}) as live, (select count(*) from ${shadowTable}) as rebuilt,
            (select count(*) from (select * from public.${table} except all select * from ${shadowTable}) d) as missing,
            (select count(*) from (select * from ${shadowTable} except all select * from public.${table}) d) as extra`,
    );
  const sample = async (from: string, without: string) =>
    (
      (await manager.query(
        `select to_jsonb(d) as row from (select * from ${from} except all select * from ${without}) d limit ${SAMPLE}`,
      )) as { row: unknown }[]
    ).map((r) => r.row);
  const missing = Number(counts!.missing);
  const extra = Number(counts!.extra);
  return {
    table,
    liveRows: Number(counts!.live),
    rebuiltRows: Number(counts!.rebuilt),
    missing,
    extra,
    onlyLive: missing > 0 ? await sample(`public.${table}`, shadowTable) : [],
    onlyRebuilt: extra > 0 ? await sample(shadowTable, `public.${table}`) : [],
  };
}
