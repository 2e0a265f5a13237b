import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Pool } from 'pg';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { taskId as taskIdOf } from '@ledger/domain';
import { EventNotifier, PostgresEventStore } from '@ledger/event-store';
import { allTasks, DEFAULT_SEED, loadCatalog } from '@ledger/plan-catalog';
import { publishPlan } from '@ledger/plan-import';
import { createPool, migrate } from '@ledger/postgres';
import {
  createReadModelDataSource,
  Projector,
  READ_MODEL_MIGRATIONS,
  rebuildReadModels,
  SUPERVISION_PROJECTIONS,
  verifyReadModels,
} from '@ledger/read-models';
import { ensureDatabase, freePort, startEmbeddedPostgres } from '@ledger/runtime';
import { syntheticReport, type SyntheticReport, type SyntheticTask } from './synthetic-reports';

/**
 * `npm run bench:projections` — the supervision read models on one embedded PostgreSQL started
 * here: fill the log with report lifecycles (interleaved as concurrent workflows write them),
 * catch the live projector up, rebuild every read model blue-green from position 0, verify the
 * rebuild against the live tables, then measure live lag (append commit → read model committed)
 * at a steady append rate. Prints a Markdown table for docs/performance.md.
 *
 * BENCH_EVENTS: log size (default 1,000,000); BENCH_LAG_SECONDS (default 20) and BENCH_LAG_RATE
 * (events/s, default 500); BENCH_VERIFY=0 skips the verify. `BENCH_EVENTS=50000 npm run bench:projections` is a quick run.
 */
const LOG_SIZE = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 20);
const LAG_RATE = Number(process.env.BENCH_LAG_RATE ?? 500);
const VERIFY = process.env.BENCH_VERIFY !== '0';
const WAVE = 2000;
const CHECKPOINT = 'supervision';
const root = resolve(__dirname, '../..').replace(/[\\/]dist$/, '');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, database: 'bench' });
  const url = new URL(server.url);
  url.pathname = '/bench_projections';
  await ensureDatabase(url.toString());
  const pool = createPool(url.toString(), 20);
  const dataSource = createReadModelDataSource(url.toString());
  const started = new Date();
  const lines: Array<[string, string, string]> = [];
  const note = (what: string, figure: string, goal = '') => {
    lines.push([what, figure, goal]);
    process.stderr.write(`${what}: ${figure}\n`);
  };
  try {
    const store = new PostgresEventStore(pool);
    await store.migrate();
    await migrate(pool, 'read-models', READ_MODEL_MIGRATIONS);
    await dataSource.initialize();
    const catalog = loadCatalog(resolve(root, DEFAULT_SEED.planFile), resolve(root, DEFAULT_SEED.unitsFile));
    await publishPlan(store, catalog);
    const tasks: SyntheticTask[] = allTasks(catalog.plan).map((task) => ({
      planId: catalog.plan.id,
      taskId: taskIdOf(catalog.plan.id, task.code),
      leadUnits: task.leadUnits,
      indicatorIds: task.indicators.map((indicator) => indicator.id),
    }));
    let sequence = 0;
    const nextReport = () => {
      sequence += 1;
      return syntheticReport(
        tasks[sequence % tasks.length]!,
        `2025-${String((sequence % 12) + 1).padStart(2, '0')}`,
        sequence,
        Date.UTC(2025, 0, 1) + sequence * 1000,
      );
    };

    const fillStart = performance.now();
    const reports = await fill(store, nextReport, LOG_SIZE);
    const logSize = await store.lastPosition();
    note('log filled', `${logSize.toLocaleString('en')} events, ${reports.toLocaleString('en')} reports in ${seconds(fillStart)} s`);

    const live = new Projector({
      name: CHECKPOINT,
      dataSource,
      store,
      notifier: new EventNotifier(url.toString()),
      projections: SUPERVISION_PROJECTIONS,
      batchSize: 25_000,
    });
    await settle(pool);
    const catchUpStart = performance.now();
    await live.catchUp();
    note('projector catch-up from 0 (batches of 25,000), events/s', rate(logSize, catchUpStart));

    await settle(pool);
    const rebuilt = await rebuildReadModels({ dataSource, store, checkpointName: CHECKPOINT, projections: SUPERVISION_PROJECTIONS });
    note(
      `blue-green rebuild from 0 (batches of 25,000), events/s`,
      Math.round((rebuilt.events / rebuilt.ms) * 1000).toLocaleString('en'),
      '≥ 20,000',
    );

    if (VERIFY) {
      const verifyStart = performance.now();
      const verified = await verifyReadModels({ dataSource, store, checkpointName: CHECKPOINT, projections: SUPERVISION_PROJECTIONS });
      note(
        'verify (rebuild into a shadow + row-by-row compare), s',
        `${seconds(verifyStart)} (${verified.identical ? 'identical' : 'DIFFERENT'})`,
      );
      if (!verified.identical)
        throw new Error(`verify found differences: ${JSON.stringify(verified.tables.filter((t) => t.missing + t.extra > 0))}`);
    }

    await live.start();
    const lags = await measureLag(store, live, nextReport);
    await live.stop();
    note(`live lag at ${LAG_RATE} events/s for ${LAG_SECONDS} s, p50 ms`, percentile(lags, 50).toFixed(1));
    note(`live lag at ${LAG_RATE} events/s for ${LAG_SECONDS} s, p99 ms`, percentile(lags, 99).toFixed(1), '≤ 200');
    note(`live lag, max ms`, percentile(lags, 100).toFixed(1));
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    [
      `Run ${started.toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, BENCH_EVENTS=${LOG_SIZE}`,
      '',
      '| measure | figure | goal |',
      '|---|---|---|',
      ...lines.map(([what, figure, goal]) => `| ${what} | ${figure} | ${goal} |`),
      '',
    ].join('\n'),
  );
}

/**
 * Appends report lifecycles until the log holds `size` events: waves of reports, each report's
 * events in two appends (its first half, then the rest), so a report's events lie thousands of
 * positions apart, as when many workflows run at once.
 */
async function fill(store: PostgresEventStore, nextReport: () => SyntheticReport, size: number): Promise<number> {
  let count = 0;
  while ((await store.lastPosition()) < size) {
    const wave = Array.from({ length: WAVE }, nextReport);
    count += wave.length;
    await Promise.all(
      wave.map((report) => store.append(report.streamId, 'no_stream', report.events.slice(0, Math.ceil(report.events.length / 2)))),
    );
    await Promise.all(
      wave.map((report) => {
        const half = Math.ceil(report.events.length / 2);
        return report.events.length > half ? store.append(report.streamId, half, report.events.slice(half)) : undefined;
      }),
    );
  }
  return count;
}

/**
 * The log and the tables as they stand once autovacuum has been through them and a checkpoint
 * has written them out: the next part is timed on its own, not against a vacuum of the million
 * rows the part before has just written (as the event-store benchmark does).
 */
async function settle(pool: Pool): Promise<void> {
  await pool.query('vacuum analyze');
  await pool.query('checkpoint');
}

/** Appends one event at a time at LAG_RATE events/s; each lag is from the append's commit to the projector's commit past it. */
async function measureLag(store: PostgresEventStore, live: Projector, nextReport: () => SyntheticReport): Promise<number[]> {
  const lags: number[] = [];
  const waits: Promise<void>[] = [];
  const inFlight: Array<{ report: SyntheticReport; next: number; busy: boolean }> = [];
  const total = LAG_RATE * LAG_SECONDS;
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((LAG_RATE * tickMs) / 1000));
  const start = performance.now();
  let sent = 0;
  // A report's events go one after another: a report with an append in flight is not picked.
  const appendOne = async () => {
    const idle = inFlight.filter((slot) => !slot.busy);
    const slot =
      idle.length > 0 && inFlight.length >= 200
        ? idle[Math.floor(Math.random() * idle.length)]!
        : { report: nextReport(), next: 0, busy: false };
    if (slot.next === 0) inFlight.push(slot);
    slot.busy = true;
    const version = slot.next;
    const event = slot.report.events[version]!;
    const result = await store.append(slot.report.streamId, version === 0 ? 'no_stream' : version, [event]);
    const committed = performance.now();
    waits.push(live.waitFor(result.positions[0]!, 30_000).then(() => void lags.push(performance.now() - committed)));
    slot.next += 1;
    slot.busy = false;
    if (slot.next === slot.report.events.length) inFlight.splice(inFlight.indexOf(slot), 1);
  };
  const appends: Promise<void>[] = [];
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * LAG_RATE) + perTick);
    for (; sent < due; sent += 1) appends.push(appendOne());
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  await Promise.all(appends);
  await Promise.all(waits);
  return lags;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const rate = (events: number, since: number) => Math.round(events / ((performance.now() - since) / 1000)).toLocaleString('en');

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
