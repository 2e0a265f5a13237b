import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { openStorage } from '@ledger/bootstrap';
import { loadConfig, type LedgerConfig } from '@ledger/config';
import { taskId as taskIdOf } from '@ledger/domain';
import { allTasks } from '@ledger/plan-catalog';
import { createPool } from '@ledger/postgres';
import { ensureDatabase, freePort, startEmbeddedPostgres, startTemporalDevServer } from '@ledger/runtime';
import { loadDefaultCatalog, seed } from '../apps/launcher/src/bootstrap';
import { startServices } from '../apps/launcher/src/system';
import { ServiceProcess, startProcesses, stopProcesses } from '../apps/launcher/src/topology';
import { startFloorWorker } from './chain-floor/worker';
import { chainFloorWorkflow, floorApprove, floorSubmit } from './chain-floor/workflow';
import { reportWorkflowId } from '@ledger/workflows';
import { temporal } from '@temporalio/proto';

/**
 * `npm run bench:chain` — a report's whole chain (submit → coordinator approve → office
 * sign-off) through the HTTP API of the running system (worker, projector, API in this
 * process), against the bare Temporal floor: a workflow of its own with its own worker on the
 * same Temporal dev server and PostgreSQL, started by update-with-start and then taking two more
 * Updates, each with a validator and one INSERT activity. At 1, 8 and 32 clients, the two
 * contenders alternated (project, floor, project, floor) so the machine's load hits both alike.
 * Prints a Markdown table for docs/performance.md.
 *
 * BENCH_CHAINS: chains per contender at 1, 8 and 32 clients (default "12,64,120"; the seeded plan has 204 report slots without a countersign step), split over the
 * two alternations; BENCH_SUPERVISION=on runs the tasks' supervision workflows too (off by
 * default: the 2025 plan seen from later is all overdue, and its catch-up would load the run).
 *
 * BENCH_TOPOLOGY=processes runs the project's API, worker and projector each in a process of its
 * own (as `npm start -- --apis 1 --workers 1 --projectors 1` does) and the floor's worker in
 * another, so this process only drives the load; by default all of them share this process and
 * its one event loop, as `npm start` runs the project.
 *
 * BENCH_HISTORY=1 prints, after the warm-up, the Temporal history of one project chain and one floor
 * chain: each event with its milliseconds since the workflow started, to see where a chain waits.
 */
const TOPOLOGY = process.env.BENCH_TOPOLOGY === 'processes' ? 'processes' : 'one process';
const CHAINS = (process.env.BENCH_CHAINS ?? '12,64,120').split(',').map(Number);
const LEVELS = [1, 8, 32];
const ROUNDS = 2;
const WARM_UP = 4;
const FLOOR_QUEUE = 'bench-chain-floor';

type Op = 'submit' | 'approve' | 'signoff';
interface Run {
  chains: number;
  seconds: number;
  latencies: Record<Op, number[]>;
  /** CPU milliseconds the machine's processes spent during the run, by kind. */
  cpu: Record<string, number>;
}
/**
 * The kinds of process CPU is counted for, in the order they are printed. Node is this process (and
 * with it the services, in one process); in the processes topology each service is a kind of its own.
 */
const cpuKinds =
  TOPOLOGY === 'processes'
    ? ['Node', 'Node: api', 'Node: worker', 'Node: projector', 'Node: floor worker', 'Temporal', 'PostgreSQL']
    : ['Node', 'Temporal', 'PostgreSQL'];
type ChainOf = (n: number) => Promise<Record<Op, number>>;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-chain-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, database: 'bench' });
  const temporal = await startTemporalDevServer({ port: await freePort(), namespace: 'default' });
  const ledgerUrl = withDatabase(pg.url, 'bench_chain');
  const floorUrl = withDatabase(pg.url, 'bench_chain_floor');
  await ensureDatabase(ledgerUrl);
  await ensureDatabase(floorUrl);
  const storage = await openStorage(ledgerUrl, { ownerUrl: ledgerUrl });
  const floorPool = createPool(floorUrl, 20);
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const stops: Array<() => Promise<unknown>> = [];
  try {
    const password = `bench-${randomBytes(6).toString('hex')}`;
    const config: LedgerConfig = {
      ...loadConfig({
        LEDGER_MODE: 'demo',
        DEMO_PASSWORD: password,
        TOTP_KEY: randomBytes(32).toString('base64'),
        RATE_LIMIT_PER_MINUTE: '100000000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '100000000',
        LOGIN_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE: '100000000',
      }),
      port: 0,
      databaseUrl: ledgerUrl,
      temporalAddress: temporal.address,
      temporalNamespace: 'default',
      taskQueue: 'bench-chain-ledger',
      supervision: process.env.BENCH_SUPERVISION === 'on',
      dataDir,
    };
    const catalog = loadDefaultCatalog();
    await seed(config, storage, catalog);
    await floorPool.query(`create table if not exists floor_steps (chain_id text not null, step int not null, what text not null,
      at timestamptz not null default now(), primary key (chain_id, step))`);
    let services: { url: string };
    if (TOPOLOGY === 'processes') {
      // What the children read from their environment where this process has a config.
      Object.assign(process.env, {
        SUPERVISION: config.supervision ? 'on' : 'off',
        RATE_LIMIT_PER_MINUTE: String(config.rateLimit.perMinute),
        LOGIN_RATE_LIMIT_PER_MINUTE: String(config.rateLimit.loginPerMinute),
        LOGIN_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE: String(config.rateLimit.loginPerAccountPerMinute),
      });
      const quiet = (line: string) => void (/\b(error|ERROR|WARN)\b/.test(line) && process.stderr.write(`${line}\n`));
      const children = await startProcesses(
        { apis: 1, workers: 1, projectors: 1 },
        config,
        { databaseUrl: storage.url, ownerUrl: ledgerUrl, temporalAddress: temporal.address },
        quiet,
      );
      stops.push(() => stopProcesses(children));
      const floorWorker = new ServiceProcess(
        'floor-worker',
        'worker',
        { ...process.env, TEMPORAL_ADDRESS: temporal.address, FLOOR_DATABASE_URL: floorUrl, FLOOR_TASK_QUEUE: FLOOR_QUEUE },
        quiet,
        require.resolve('./chain-floor/worker'),
      );
      await floorWorker.start();
      stops.push(() => floorWorker.stop());
      services = { url: `http://127.0.0.1:${children.find((child) => child.service === 'api')!.port}` };
    } else {
      const running = await startServices(config, storage.url, temporal.address, storage);
      stops.push(() => running.stop());
      const floorWorker = await startFloorWorker(temporal.address, floorPool, FLOOR_QUEUE);
      stops.push(() => floorWorker.stop());
      services = running;
    }

    // Slots a report may fill: tasks led by one unit (no countersign step), every indicator counted, every month.
    const slots = allTasks(catalog.plan)
      .filter((task) => task.leadUnits.length === 1 && task.indicators.every((i) => i.kind === 'cumulative'))
      .flatMap((task) =>
        Array.from({ length: 12 }, (_, m) => ({
          taskId: taskIdOf(catalog.plan.id, task.code),
          unit: task.leadUnits[0]!,
          period: `${catalog.plan.year}-${String(m + 1).padStart(2, '0')}`,
          values: task.indicators.map((i) => ({ indicatorId: i.id, value: 1 })),
        })),
      );
    const needed = CHAINS.reduce((a, b) => a + b, 0) + WARM_UP;
    if (slots.length < needed) throw new Error(`only ${slots.length} report slots for ${needed} chains: lower BENCH_CHAINS`);

    const tokens = new Map<string, string>();
    const tokenOf = async (username: string) => {
      if (!tokens.has(username)) {
        const answer = await post(services.url, '/api/auth/login', undefined, { username, password });
        tokens.set(username, (answer as { accessToken: string }).accessToken);
      }
      return tokens.get(username)!;
    };
    let nextSlot = 0;
    /** The workflow of the last chain each contender ran (BENCH_HISTORY). */
    const last = { project: '', floor: '' };
    const project: ChainOf = async () => {
      const slot = slots[nextSlot++]!;
      const [unit, coordinator, office] = await Promise.all([tokenOf(slot.unit), tokenOf('coordinator'), tokenOf('office')]);
      const t0 = performance.now();
      const submitted = (await post(services.url, '/api/reports', unit, {
        taskId: slot.taskId,
        period: slot.period,
        values: slot.values,
        narrative: '压测',
      })) as { id: string };
      last.project = reportWorkflowId(submitted.id);
      const t1 = performance.now();
      await post(services.url, `/api/reports/${submitted.id}/approve`, coordinator, {});
      const t2 = performance.now();
      const signed = (await post(services.url, `/api/reports/${submitted.id}/approve`, office, {})) as { status: string };
      const t3 = performance.now();
      if (signed.status !== 'signed_off') throw new Error(`chain ended ${signed.status}`);
      return { submit: t1 - t0, approve: t2 - t1, signoff: t3 - t2 };
    };
    const floor: ChainOf = async () => {
      const chainId = randomUUID();
      const workflowId = (last.floor = `floor-${chainId}`);
      const t0 = performance.now();
      await client.workflow.executeUpdateWithStart(floorSubmit, {
        args: ['unit'],
        startWorkflowOperation: new WithStartWorkflowOperation(chainFloorWorkflow, {
          workflowId,
          taskQueue: FLOOR_QUEUE,
          args: [chainId],
          workflowIdConflictPolicy: 'FAIL',
        }),
      });
      const t1 = performance.now();
      const handle = client.workflow.getHandle(workflowId);
      await handle.executeUpdate(floorApprove, { args: ['coordinator'] });
      const t2 = performance.now();
      await handle.executeUpdate(floorApprove, { args: ['office'] });
      const t3 = performance.now();
      return { submit: t1 - t0, approve: t2 - t1, signoff: t3 - t2 };
    };

    await run(project, 1, WARM_UP / 2);
    await run(floor, 1, WARM_UP / 2);
    if (process.env.BENCH_HISTORY === '1')
      for (const [contender, workflowId] of Object.entries(last)) await printHistory(client, contender, workflowId);
    const rows: string[] = [];
    const cpuRows: string[] = [];
    for (const [index, clients] of LEVELS.entries()) {
      const perRound = Math.max(clients, Math.round((CHAINS[index] ?? 0) / ROUNDS));
      const totals = { project: empty(), floor: empty() };
      for (let round = 0; round < ROUNDS; round++) {
        merge(totals.project, await run(project, clients, perRound));
        merge(totals.floor, await run(floor, clients, perRound));
      }
      rows.push(...report(clients, totals.project, totals.floor));
      cpuRows.push(...cpuReport(clients, totals.project, totals.floor));
      process.stderr.write(`${rows.slice(-3).join('\n')}\n`);
    }
    const header = [
      `bench:chain, ${new Date().toISOString()}, supervision ${config.supervision ? 'on' : 'off'}, ${TOPOLOGY}; latencies in ms (p50 / p95 / p99)`,
      '',
      '| clients | contender | chains | chains/s | submit | approve | sign-off |',
      '|---|---|---|---|---|---|---|',
    ];
    const cpuHeader = [
      '',
      'CPU per chain, ms, by process (from /proc, over the rounds of each contender)',
      '',
      `| clients | contender | ${cpuKinds.join(' | ')} | all |`,
      `|---|---|${cpuKinds.map(() => '---|').join('')}---|`,
    ];
    console.log([...header, ...rows, ...cpuHeader, ...cpuRows].join('\n'));
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error: Error) => console.error(error.message));
    await connection.close();
    await floorPool.end();
    await storage.close();
    await temporal.stop();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One workflow's history, an event a line: ms since it started, its encoded size, type, and what it names (update, activity, signal). */
async function printHistory(client: Client, contender: string, workflowId: string): Promise<void> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const millisOf = (time: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
    Number(time?.seconds ?? 0) * 1000 + (time?.nanos ?? 0) / 1e6;
  const startedAt = millisOf(events[0]?.eventTime);
  console.log(`\n${contender}: ${workflowId}`);
  for (const event of events) {
    const at = millisOf(event.eventTime) - startedAt;
    const named =
      event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ??
      event.activityTaskScheduledEventAttributes?.activityType?.name ??
      event.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName ??
      event.timerStartedEventAttributes?.timerId ??
      '';
    const bytes = temporal.api.history.v1.HistoryEvent.encode(event).finish().length;
    console.log(
      `${at.toFixed(1).padStart(8)} ms  ${String(event.eventId).padStart(3)} ${String(bytes).padStart(6)} B  ${historyEventName(event)} ${named}`,
    );
  }
  const total = temporal.api.history.v1.History.encode({ events }).finish().length;
  console.log(`${events.length} events, ${total} bytes`);
}

/** An event's kind, read from the one attributes field it carries (workflowTaskCompletedEventAttributes → workflowTaskCompleted). */
function historyEventName(event: object): string {
  const field = Object.entries(event).find(([key, value]) => key.endsWith('EventAttributes') && value);
  return field ? field[0].replace(/EventAttributes$/, '') : '?';
}

/** `chains` chains by `clients` concurrent clients, each taking the next until all are done. */
async function run(chain: ChainOf, clients: number, chains: number): Promise<Run> {
  const latencies: Record<Op, number[]> = { submit: [], approve: [], signoff: [] };
  let started = 0;
  const cpu0 = cpuByKind();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (started < chains) {
        const n = started++;
        const times = await chain(n);
        for (const op of Object.keys(times) as Op[]) latencies[op].push(times[op]);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuByKind();
  const cpu = Object.fromEntries(Object.entries(cpu1).map(([kind, ms]) => [kind, ms - (cpu0[kind] ?? 0)]));
  return { chains, seconds, latencies, cpu };
}

/**
 * CPU milliseconds used so far by the machine's processes of each kind, from /proc (Linux): the
 * bench's own process (API, worker, projector and the floor's worker, or just the load in the
 * processes topology) and its children are Node, the dev server is Temporal. A process that
 * ended meanwhile is not counted; the machine is meant to be otherwise idle.
 */
function cpuByKind(): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    const nameEnd = stat.lastIndexOf(')');
    const kind = kindOf(pid, stat.slice(stat.indexOf('(') + 1, nameEnd));
    if (!kind) continue;
    const fields = stat.slice(nameEnd + 2).split(' ');
    totals[kind] = (totals[kind] ?? 0) + (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS; // utime + stime
  }
  return totals;
}

/** A process's kind from its name and, for Node, the entry it runs (a service's under dist/apps, the floor's worker). */
function kindOf(pid: string, name: string): string | undefined {
  if (name === 'temporal') return 'Temporal';
  if (name === 'postgres') return 'PostgreSQL';
  if (!name.startsWith('node')) return undefined;
  let entry = '';
  try {
    entry = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] ?? '';
  } catch {
    return undefined;
  }
  if (entry.includes('chain-floor')) return 'Node: floor worker';
  const service = /\/apps\/(api|worker|projector)\//.exec(entry)?.[1];
  return service ? `Node: ${service}` : 'Node';
}
/** /proc counts CPU time in clock ticks of 10 ms (USER_HZ is 100 on Linux). */
const CLOCK_TICK_MS = 10;

const empty = (): Run => ({ chains: 0, seconds: 0, latencies: { submit: [], approve: [], signoff: [] }, cpu: {} });
function merge(into: Run, run: Run): void {
  into.chains += run.chains;
  into.seconds += run.seconds;
  for (const [kind, ms] of Object.entries(run.cpu)) into.cpu[kind] = (into.cpu[kind] ?? 0) + ms;
  for (const op of Object.keys(run.latencies) as Op[]) into.latencies[op].push(...run.latencies[op]);
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const spread = (values: number[]) => [0.5, 0.95, 0.99].map((q) => percentile(values, q).toFixed(0)).join(' / ');

function report(clients: number, project: Run, floor: Run): string[] {
  const rate = (run: Run) => run.chains / run.seconds;
  const line = (name: string, run: Run) =>
    `| ${clients} | ${name} | ${run.chains} | ${rate(run).toFixed(2)} | ${spread(run.latencies.submit)} | ${spread(run.latencies.approve)} | ${spread(run.latencies.signoff)} |`;
  const ratio = (of: (run: Run) => number) => (of(project) / of(floor)).toFixed(2);
  const p99 = (op: Op) => (run: Run) => percentile(run.latencies[op], 0.99);
  const p50 = (op: Op) => (run: Run) => percentile(run.latencies[op], 0.5);
  return [
    line('project (HTTP)', project),
    line('floor (bare Temporal)', floor),
    `| ${clients} | **ratio** project/floor | | **${ratio(rate)}×** | p50 ${ratio(p50('submit'))}×, p99 ${ratio(p99('submit'))}× | p50 ${ratio(p50('approve'))}×, p99 ${ratio(p99('approve'))}× | p50 ${ratio(p50('signoff'))}×, p99 ${ratio(p99('signoff'))}× |`,
  ];
}

function cpuReport(clients: number, project: Run, floor: Run): string[] {
  const perChain = (run: Run, kind: string) => (run.cpu[kind] ?? 0) / run.chains;
  const all = (run: Run) => cpuKinds.reduce((sum, kind) => sum + perChain(run, kind), 0);
  const line = (name: string, run: Run) =>
    `| ${clients} | ${name} | ${cpuKinds.map((kind) => perChain(run, kind).toFixed(0)).join(' | ')} | ${all(run).toFixed(0)} |`;
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '');
  const ratios = cpuKinds.map((kind) => ratio(perChain(project, kind), perChain(floor, kind))).join(' | ');
  return [line('project', project), line('floor', floor), `| ${clients} | ratio | ${ratios} | ${ratio(all(project), all(floor))} |`];
}

async function post(base: string, path: string, token: string | undefined, body: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
