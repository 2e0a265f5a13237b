import { resolve } from 'node:path';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { REPORT_EVENT_TYPES, taskId as taskIdOf } from '@ledger/domain';
import { EventNotifier, PostgresEventStore } from '@ledger/event-store';
import { allTasks, DEFAULT_SEED, loadCatalog } from '@ledger/plan-catalog';
import { publishPlan } from '@ledger/plan-import';
import { createPool, migrate } from '@ledger/postgres';
import {
  createReadModelDataSource,
  type Projection,
  Projector,
  READ_MODEL_MIGRATIONS,
  readModelDdl,
  rebuildReadModels,
  SUPERVISION_PROJECTIONS,
  verifyReadModels,
} from '@ledger/read-models';
import { syntheticReport, type SyntheticReport, type SyntheticTask } from '../../bench/synthetic-reports';
import { createTestDatabase } from '../support/database';
import { eventually } from '../support/system';

const CHECKPOINT = 'supervision';
const root = resolve(__dirname, '../..');

describe('the supervision projector and its blue-green rebuild', () => {
  let url: string;
  let pool: Pool;
  let store: PostgresEventStore;
  let tasks: SyntheticTask[];
  const dataSources: DataSource[] = [];
  const projectors: Projector[] = [];
  const written: SyntheticReport[] = [];
  let sequence = 0;

  const openDataSource = async () => {
    const dataSource = createReadModelDataSource(url);
    await dataSource.initialize();
    dataSources.push(dataSource);
    return dataSource;
  };
  const startProjector = async () => {
    const projector = new Projector({
      name: CHECKPOINT,
      dataSource: await openDataSource(),
      store,
      notifier: new EventNotifier(url),
      projections: SUPERVISION_PROJECTIONS,
      pollMs: 100,
    });
    projectors.push(projector);
    await projector.start();
    return projector;
  };
  /** Reports written event by event, their events interleaved in the log as concurrent workflows write them. */
  const writeReports = async (count: number) => {
    const reports = Array.from({ length: count }, () => {
      sequence += 1;
      return syntheticReport(
        tasks[sequence % tasks.length]!,
        `2025-${String((sequence % 12) + 1).padStart(2, '0')}`,
        sequence,
        Date.UTC(2025, 0, 1) + sequence * 60_000,
      );
    });
    await Promise.all(
      reports.map(async (report) => {
        for (const [index, event] of report.events.entries()) await store.append(report.streamId, index, [event]);
      }),
    );
    written.push(...reports);
  };
  const checkpoint = async () =>
    Number((await pool.query('select position from projection_checkpoints where name = $1', [CHECKPOINT])).rows[0]?.position ?? 0);
  const caughtUp = async () => {
    const last = await store.lastPosition();
    await eventually(async () => ((await checkpoint()) === last ? true : undefined), 20_000);
  };

  /** The read-model indexes of a schema, their definitions written as if in `public`. */
  const indexes = async (schema: string) =>
    (
      await pool.query(`select indexname, indexdef from pg_indexes where schemaname = $1 and tablename like 'rm\\_%' order by indexname`, [
        schema,
      ])
    ).rows.map((row: { indexname: string; indexdef: string }) => [row.indexname, row.indexdef.split(`${schema}.`).join('public.')]);

  beforeAll(async () => {
    url = await createTestDatabase('projections');
    pool = createPool(url);
    store = new PostgresEventStore(pool);
    await store.migrate();
    await migrate(pool, 'read-models', READ_MODEL_MIGRATIONS);
    const catalog = loadCatalog(resolve(root, DEFAULT_SEED.planFile), resolve(root, DEFAULT_SEED.unitsFile));
    await publishPlan(store, catalog);
    tasks = allTasks(catalog.plan).map((task) => ({
      planId: catalog.plan.id,
      taskId: taskIdOf(catalog.plan.id, task.code),
      leadUnits: task.leadUnits,
      indicatorIds: task.indicators.map((indicator) => indicator.id),
    }));
  });

  afterAll(async () => {
    for (const projector of projectors) await projector.stop();
    for (const dataSource of dataSources) await dataSource.destroy();
    await pool?.end();
  });

  it('applies every event exactly once with two projector processes on one database, one of them owning the work', async () => {
    const [first, second] = [await startProjector(), await startProjector()];
    await writeReports(60);
    await caughtUp();

    expect([first.owner, second.owner].filter(Boolean)).toHaveLength(1);
    const locks = await pool.query(
      `select count(*)::int as held from pg_locks where locktype = 'advisory' and granted and objid = hashtext($1)::oid`,
      [`projector:${CHECKPOINT}`],
    );
    expect(locks.rows[0].held).toBe(1);

    // Each report's timeline holds each of its events once; each event has one action row.
    const reportEvents = written.reduce((sum, report) => sum + report.events.length, 0);
    const actions = await pool.query('select count(*)::int as count, count(distinct position)::int as positions from rm_actions');
    expect(actions.rows[0]).toEqual({ count: reportEvents, positions: reportEvents });
    const histories = await pool.query<{ id: string; entries: number }>(
      'select id, jsonb_array_length(history) as entries from rm_reports',
    );
    expect(new Map(histories.rows.map((row) => [row.id, row.entries]))).toEqual(
      new Map(written.map((report) => [report.reportId, report.events.length])),
    );

    // The owner stops: the one standing by takes over and carries on from the checkpoint.
    const owner = first.owner ? first : second;
    const standby = owner === first ? second : first;
    await owner.stop();
    await writeReports(20);
    await caughtUp();
    expect(standby.owner).toBe(true);
    const after = await pool.query('select count(*)::int as count from rm_actions');
    expect(after.rows[0].count).toBe(written.reduce((sum, report) => sum + report.events.length, 0));
  });

  it('migrates the live tables to the indexes of the DDL a rebuild creates its tables with', async () => {
    await pool.query(`create schema ddl_check; ${readModelDdl('ddl_check')}`);
    try {
      const fresh = await indexes('ddl_check');
      expect(fresh.map(([name]) => name)).toEqual(expect.arrayContaining(['rm_notices_open', 'rm_notices_units']));
      expect(await indexes('public')).toEqual(fresh);
    } finally {
      await pool.query('drop schema ddl_check cascade');
    }
  });

  it('rebuilds beside the live tables while events keep coming, never showing an empty or half-built table, and switches identical tables', async () => {
    const dataSource = await openDataSource();
    const before = (await pool.query('select count(*)::int as count from rm_reports')).rows[0].count as number;
    let writing = true;
    const writer = (async () => {
      while (writing) await writeReports(5);
    })();
    const seen: Array<{ tasks: number; reports: number }> = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const row = (
          await pool.query('select (select count(*) from rm_tasks)::int as tasks, (select count(*) from rm_reports)::int as reports')
        ).rows[0];
        seen.push(row);
      }
    })();

    const result = await rebuildReadModels({
      dataSource,
      store,
      checkpointName: CHECKPOINT,
      projections: SUPERVISION_PROJECTIONS,
      batchSize: 200,
    });
    writing = false;
    await writer;
    reading = false;
    await reader;

    expect(result.projections).toEqual(SUPERVISION_PROJECTIONS.map((projection) => projection.name));
    expect(result.position).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((row) => row.tasks === 44)).toBe(true);
    // Reports only ever grow: a reader never saw the rebuild's tables before they were complete.
    seen.reduce((previous, row) => (expect(row.reports).toBeGreaterThanOrEqual(previous), row.reports), before);

    await caughtUp();
    const verified = await verifyReadModels({ dataSource, store, checkpointName: CHECKPOINT, projections: SUPERVISION_PROJECTIONS });
    expect(verified.tables.filter((table) => table.missing + table.extra > 0)).toEqual([]);
    expect(verified.identical).toBe(true);
    const shadows = await pool.query(`select nspname from pg_namespace where nspname like 'rm\\_%'`);
    expect(shadows.rows).toEqual([]);
    expect((await indexes('public')).map(([name]) => name)).toEqual(expect.arrayContaining(['rm_notices_open', 'rm_notices_units']));
  });

  it('gives up a rebuild that fails half-way with the live tables untouched and no shadow left, and can rebuild again', async () => {
    const dataSource = await openDataSource();
    await caughtUp();
    const live = async () =>
      (await pool.query('select (select count(*) from rm_reports)::int as reports, (select count(*) from rm_actions)::int as actions'))
        .rows[0];
    const before = await live();
    // A projection that fails on the third batch it is given, while the other lanes of the pipeline are still writing.
    let batches = 0;
    const failing: Projection = {
      name: 'failing',
      handles: REPORT_EVENT_TYPES,
      tables: [],
      apply: async () => {
        batches += 1;
        if (batches === 3) throw new Error('the disk is full');
      },
    };

    await expect(
      rebuildReadModels({
        dataSource,
        store,
        checkpointName: CHECKPOINT,
        projections: [...SUPERVISION_PROJECTIONS, failing],
        batchSize: 50,
      }),
    ).rejects.toThrow('the disk is full');

    expect(batches).toBe(3);
    expect(await live()).toEqual(before);
    expect((await pool.query(`select nspname from pg_namespace where nspname like 'rm\\_%'`)).rows).toEqual([]);
    const rebuilt = await rebuildReadModels({
      dataSource,
      store,
      checkpointName: CHECKPOINT,
      projections: SUPERVISION_PROJECTIONS,
      batchSize: 50,
    });
    expect(rebuilt.events).toBe(await checkpoint());
    expect(await live()).toEqual(before);
  });

  it('refuses a log with a gap: logs it, applies nothing past it, and tries again until the log is whole', async () => {
    await writeReports(3);
    const last = await store.lastPosition();
    const missing = last - 1;
    let gap = true;
    const gappyStore = Object.assign(Object.create(store) as PostgresEventStore, {
      readAll: async (after: number, limit: number) =>
        (await store.readAll(after, limit)).filter((event) => !gap || event.position !== missing),
    });
    const messages: string[] = [];
    const projector = new Projector({
      name: 'gap-check',
      dataSource: await openDataSource(),
      store: gappyStore,
      notifier: new EventNotifier(url),
      projections: [],
      pollMs: 20,
      log: (message) => messages.push(message),
    });
    projectors.push(projector);
    await projector.start();

    // Each failed round lets the lock go and takes it again (said as "took ownership").
    const gaps = () => messages.filter((message) => !message.endsWith('took ownership'));
    await eventually(async () => (gaps().length >= 3 ? true : undefined));
    expect(new Set(gaps())).toEqual(new Set([`projector gap-check: gap in the log: expected position ${missing}, read ${last}`]));
    expect(projector.checkpoint).toBeLessThan(missing);

    gap = false;
    await projector.waitFor(last);
    expect(projector.checkpoint).toBe(last);
  });

  it('names the rows that differ, and a rebuild of that projection alone repairs them', async () => {
    const dataSource = await openDataSource();
    await caughtUp();
    const victim = written[0]!.reportId;
    await pool.query(`update rm_reports set narrative = 'edited by hand' where id = $1`, [victim]);

    const verified = await verifyReadModels({ dataSource, store, checkpointName: CHECKPOINT, projections: SUPERVISION_PROJECTIONS });
    expect(verified.identical).toBe(false);
    const reports = verified.tables.find((table) => table.table === 'rm_reports')!;
    expect(reports).toMatchObject({ missing: 1, extra: 1 });
    expect(reports.onlyLive).toEqual([expect.objectContaining({ id: victim, narrative: 'edited by hand' })]);
    expect(reports.onlyRebuilt).toEqual([expect.objectContaining({ id: victim })]);

    const rebuilt = await rebuildReadModels({
      dataSource,
      store,
      checkpointName: CHECKPOINT,
      projections: SUPERVISION_PROJECTIONS,
      names: ['report-view'],
    });
    expect(rebuilt.tables).toEqual(['rm_reports']);
    expect(
      (await verifyReadModels({ dataSource, store, checkpointName: CHECKPOINT, projections: SUPERVISION_PROJECTIONS })).identical,
    ).toBe(true);
  });
});
