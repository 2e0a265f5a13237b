import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createSupervisionProjector, openStorage } from '@ledger/bootstrap';
import { loadConfig } from '@ledger/config';
import { taskId as taskIdOf } from '@ledger/domain';
import type { PostgresEventStore } from '@ledger/event-store';
import { allTasks } from '@ledger/plan-catalog';
import { ensureDatabase, freePort, startEmbeddedPostgres, startTemporalDevServer } from '@ledger/runtime';
// The benchmark composes the system as the launcher does: the API's entry and the launcher's seed.
import { startApi } from '../apps/api/src';
import { loadDefaultCatalog, seed } from '../apps/launcher/src/bootstrap';
import { syntheticReport, type SyntheticReport, type SyntheticTask } from './synthetic-reports';

/**
 * `npm run bench:api` — the read endpoints of the console against `/api/health` on the same
 * server, with BENCH_REPORTS reports (default 100,000) in the log: the dashboard, the task list,
 * the inbox, one report and one task's history, each at BENCH_CONNECTIONS (16) connections.
 * Contenders alternate (health, endpoint, health, endpoint …, BENCH_ROUNDS rounds of
 * BENCH_SECONDS each), so a slower machine moment hits both. Prints p50/p99, req/s and the p99
 * ratio to health as a Markdown table for docs/performance.md.
 *
 * One in 50 reports is left in review (its later events not written), so the inbox has open work
 * to page through. The rate limiter is raised out of the way (RATE_LIMIT_PER_MINUTE): it would
 * measure itself, not the reads. The API, the projector and the benchmark share this process.
 */
const REPORTS = Number(process.env.BENCH_REPORTS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUND_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** BENCH_ONLY=inbox,tasks: only the contenders whose path has one of these words (for a profile of one read). */
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
/** BENCH_HOLD=1: once the log is projected, print where the database and the API are and wait for SIGUSR2 (to EXPLAIN a read by hand). */
const HOLD = process.env.BENCH_HOLD === '1';
/** BENCH_PROFILE=dir: write dir/<endpoint>.cpuprofile, this process's CPU profile while each endpoint is under load. */
const PROFILE_DIR = process.env.BENCH_PROFILE;
const WAVE = 2000;

interface Contender {
  name: string;
  path: string;
}

interface Sample {
  latencies: number[];
  seconds: number;
  errors: number;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-api-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, database: 'bench' });
  const temporal = await startTemporalDevServer({ port: await freePort(), namespace: 'default' });
  const url = new URL(pg.url);
  url.pathname = '/bench_api';
  await ensureDatabase(url.toString());
  const password = `bench-${randomBytes(6).toString('hex')}`;
  const config = {
    ...loadConfig({
      LEDGER_MODE: 'demo',
      DEMO_PASSWORD: password,
      TOTP_KEY: randomBytes(32).toString('base64'),
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      DATA_DIR: dataDir,
    }),
    port: 0,
    databaseUrl: url.toString(),
    temporalAddress: temporal.address,
    supervision: false,
  };
  const storage = await openStorage(url.toString());
  const stops: Array<() => Promise<unknown>> = [];
  try {
    const catalog = loadDefaultCatalog();
    await seed(config, storage, catalog);
    const tasks: SyntheticTask[] = allTasks(catalog.plan).map((task) => ({
      planId: catalog.plan.id,
      taskId: taskIdOf(catalog.plan.id, task.code),
      leadUnits: task.leadUnits,
      indicatorIds: task.indicators.map((indicator) => indicator.id),
    }));
    const fillStart = performance.now();
    const reportIds = await fill(storage.store as PostgresEventStore, tasks, REPORTS);
    process.stderr.write(`wrote ${REPORTS} reports (${await storage.store.lastPosition()} events) in ${seconds(fillStart)} s\n`);

    const projector = createSupervisionProjector(url.toString(), storage.dataSource, storage.store);
    await projector.start();
    stops.push(() => projector.stop());
    const projectStart = performance.now();
    await projector.waitFor(await storage.store.lastPosition(), 3_600_000);
    process.stderr.write(`projected in ${seconds(projectStart)} s\n`);
    await storage.pool.query('vacuum analyze');

    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const api = await startApi(config, storage, new Client({ connection, namespace: 'default' }), '127.0.0.1');
    stops.push(() => api.close());
    const login = async (username: string) => {
      const response = await fetch(`${api.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { accessToken: string }).accessToken;
    };
    const token = await login('coordinator');
    const task = tasks[1]!.taskId;
    const every: Contender[] = [
      { name: 'GET /api/dashboard', path: '/api/dashboard' },
      { name: 'GET /api/tasks', path: '/api/tasks' },
      { name: 'GET /api/inbox', path: '/api/inbox' },
      { name: 'GET /api/reports/{id}', path: `/api/reports/${reportIds[Math.floor(reportIds.length / 2)]}` },
      { name: 'GET /api/targets/{taskId}/history', path: `/api/targets/${encodeURIComponent(task)}/history` },
    ];
    const contenders = ONLY.length ? every.filter((contender) => ONLY.some((word) => contender.path.includes(word))) : every;
    const health: Contender = { name: 'GET /api/health', path: '/api/health' };
    if (HOLD) {
      process.stderr.write(`holding (kill -USR2 ${process.pid} to go on): database ${url.toString()} api ${api.url} token ${token}\n`);
      await new Promise((resume) => process.once('SIGUSR2', resume));
    }
    // Warm both (JIT, the pool, PostgreSQL's caches) before anything is timed.
    for (const contender of [health, ...contenders]) await load(api.url, contender, token, 1);

    const rows: string[] = [];
    for (const contender of contenders) {
      const samples = { health: [] as Sample[], endpoint: [] as Sample[] };
      for (let round = 0; round < ROUNDS; round += 1) {
        samples.health.push(await load(api.url, health, token, ROUND_SECONDS));
        samples.endpoint.push(
          PROFILE_DIR && round === ROUNDS - 1
            ? await profiled(join(PROFILE_DIR, `${contender.name.replace(/\W+/g, '-')}.cpuprofile`), () =>
                load(api.url, contender, token, ROUND_SECONDS),
              )
            : await load(api.url, contender, token, ROUND_SECONDS),
        );
      }
      const floor = summary(samples.health);
      const measured = summary(samples.endpoint);
      const ratio = measured.p99 / floor.p99;
      const line =
        `| ${contender.name} | ${measured.p50.toFixed(1)} | ${measured.p99.toFixed(1)} | ${measured.rps.toFixed(0)} | ` +
        `${floor.p50.toFixed(1)} | ${floor.p99.toFixed(1)} | ${floor.rps.toFixed(0)} | ${ratio.toFixed(2)}× | ${ratio <= 3 ? 'met' : 'missed'} |` +
        (measured.errors + floor.errors > 0 ? ` ${measured.errors + floor.errors} errors` : '');
      rows.push(line);
      process.stderr.write(`${line}\n`);
    }
    console.log(`\nbench:api — ${REPORTS} reports in the log, ${CONNECTIONS} connections, ${ROUNDS}×${ROUND_SECONDS} s per contender\n`);
    console.log('| endpoint | p50 ms | p99 ms | req/s | health p50 ms | health p99 ms | health req/s | p99 / health p99 | goal ≤ 3× |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await storage.close();
    await temporal.stop();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs `work` under the V8 profiler of this process (API and load generator alike) and writes the profile to `file`. */
async function profiled<T>(file: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<object | undefined>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const stopped = (await post('Profiler.stop')) as { profile: object };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stopped.profile));
    session.disconnect();
  }
}

/** CONNECTIONS loops, each sending its next request when the last one answered, for `duration` seconds. */
async function load(base: string, contender: Contender, token: string, duration: number): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const until = start + duration * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const sent = performance.now();
        const response = await fetch(`${base}${contender.path}`, { headers: { authorization: `Bearer ${token}` } });
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        if (response.status !== 200) errors += 1;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - start) / 1000, errors };
}

function summary(samples: Sample[]): { p50: number; p99: number; rps: number; errors: number } {
  const all = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const at = (q: number) => all[Math.min(all.length - 1, Math.floor(q * all.length))] ?? NaN;
  const time = samples.reduce((sum, s) => sum + s.seconds, 0);
  return { p50: at(0.5), p99: at(0.99), rps: all.length / time, errors: samples.reduce((sum, s) => sum + s.errors, 0) };
}

/** Writes the reports in waves, as concurrent workflows would; one in 50 stops after its submission (still in review). */
async function fill(store: PostgresEventStore, tasks: SyntheticTask[], count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let first = 0; first < count; first += WAVE) {
    const wave: SyntheticReport[] = [];
    for (let n = first; n < Math.min(count, first + WAVE); n += 1) {
      const report = syntheticReport(
        tasks[n % tasks.length]!,
        `2025-${String((n % 12) + 1).padStart(2, '0')}`,
        n,
        Date.UTC(2025, 0, 1) + n * 1000,
      );
      wave.push(n % 50 === 0 ? { ...report, events: report.events.slice(0, 1) } : report);
      ids.push(report.reportId);
    }
    await Promise.all(wave.map((report) => store.append(report.streamId, 'no_stream', report.events)));
  }
  return ids;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
