import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStorage, type Storage } from '@ledger/bootstrap';
import { loadServiceConfig, type LedgerConfig } from '@ledger/config';
import { logger, observeProcess } from '@ledger/observability';
import {
  embeddedPostgresLeftover,
  startEmbeddedPostgres,
  startOrphanGuard,
  startTemporalDevServer,
  temporalLeftover,
  type RunningPostgres,
  type RunningTemporal,
} from '@ledger/runtime';
import { playYear } from '@ledger/demo';
import { loadDefaultCatalog, seed, type SeedResult } from './bootstrap';
import { defaultMetricsPorts } from './metrics-ports';
import { superviseRestarts, type Supervision } from './supervisor';
import { startServices, type RunningServices } from './system';
import { parseTopology, startProcesses, stopProcesses, type ServiceProcess, type Service, type Topology } from './topology';

/**
 * `npm start`: the whole system on one machine. Embedded PostgreSQL and a Temporal dev server
 * unless DATABASE_URL / TEMPORAL_ADDRESS name external ones; then the worker, projector and
 * API in this process. Ctrl-C / SIGTERM stops everything in reverse order. A server that dies
 * is restarted with backoff (or the launcher exits 1 naming it); servers left by a launcher
 * that was killed are stopped by its guard, or at the next start.
 */
const log = logger('launcher');

async function main(): Promise<void> {
  process.env.LEDGER_MODE ??= 'demo';
  const portNotes: string[] = [];
  await defaultMetricsPorts(process.env, (line) => portNotes.push(line));
  let config: LedgerConfig;
  let topology: Topology | undefined;
  try {
    topology = parseTopology(process.argv.slice(2));
    config = loadServiceConfig('launcher');
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const observed = await observeProcess('launcher', config);
  portNotes.forEach((line) => log.warn(line));
  const stack: Array<{ name: string; stop: () => Promise<void> }> = [];
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    stopping ??= (async () => {
      log.info(`${signal}: stopping…`);
      for (const part of stack.reverse()) {
        await part.stop().catch((error) => log.error(`stopping ${part.name}: ${(error as Error).message}`));
      }
      log.info('stopped.');
    })();
    return stopping;
  };
  process.on('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));
  process.on('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));
  stack.push({ name: 'observability', stop: observed.stop });
  const supervision: Supervision = {
    log: (line) => log.warn(line),
    stopping: () => stopping !== undefined,
    giveUp: (reason) => {
      log.error(`giving up: ${reason}`);
      void shutdown('failure').then(() => process.exit(1));
    },
  };

  try {
    startOrphanGuard(process.pid, [embeddedPostgresLeftover(config.dataDir), temporalLeftover(temporalPidFile(config))]);
    const postgres = await startPostgres(config);
    if (postgres.server) {
      stack.push({ name: 'PostgreSQL', stop: postgres.server.stop });
      superviseRestarts('PostgreSQL', postgres.server, supervision);
    }
    const temporal = await startTemporal(config);
    if (temporal.server) {
      stack.push({ name: 'Temporal', stop: temporal.server.stop });
      superviseRestarts('Temporal dev server', temporal.server, supervision);
    }
    const storage: Storage = await openStorage(postgres.serviceUrl ?? postgres.url, {
      ownerUrl: postgres.server ? postgres.url : config.databaseOwnerUrl,
      createServiceLogin: postgres.serviceUrl !== undefined,
    });
    stack.push({ name: 'storage', stop: storage.close });
    const catalog = loadDefaultCatalog();
    const seeded = await seed(config, storage, catalog);
    if (topology) {
      const ownerUrl = postgres.server ? postgres.url : config.databaseOwnerUrl;
      const children = await startProcesses(topology, config, { databaseUrl: storage.url, ownerUrl, temporalAddress: temporal.address });
      stack.push({ name: 'services', stop: () => stopProcesses(children) });
      for (const child of children) superviseRestarts(child.name, child, supervision);
      printTopologyBanner(config, topology, children, temporal.uiUrl, seeded);
    } else {
      const services: RunningServices = await startServices(config, storage.url, temporal.address, storage, supervision.giveUp);
      stack.push({ name: 'services', stop: services.stop });
      printBanner(config, services.url, temporal.uiUrl, seeded, observed.metricsUrl);
      if (demoYearWanted(process.argv, process.env)) await playDemoYear(config, services.url, seeded);
    }
  } catch (error) {
    log.error(`start failed: ${(error as Error).message}`);
    await shutdown('start failure');
    process.exit(1);
  }
}

/**
 * The database: DATABASE_URL, or the embedded cluster. There the bootstrap superuser is the
 * schema owner (migrations) and the services connect as `ledger_service`, a login role that is
 * only a member of ledger_app; its password is generated once and kept in the data folder.
 */
async function startPostgres(config: LedgerConfig): Promise<{ url: string; serviceUrl?: string; server?: RunningPostgres }> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  log.info(`starting embedded PostgreSQL (data in ${join(config.dataDir, 'postgres')}) …`);
  const server = await startEmbeddedPostgres(
    { dataDir: config.dataDir, port: config.embeddedPostgresPort, persistent: true, database: 'ledger' },
    (line) => log.info(line),
  );
  const serviceUrl = new URL(server.url);
  serviceUrl.username = SERVICE_LOGIN;
  serviceUrl.password = encodeURIComponent(servicePassword(config.dataDir));
  return { url: server.url, serviceUrl: serviceUrl.toString(), server };
}

const SERVICE_LOGIN = 'ledger_service';

function servicePassword(dataDir: string): string {
  const file = join(dataDir, `${SERVICE_LOGIN}.password`);
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function startTemporal(config: LedgerConfig): Promise<{ address: string; uiUrl?: string; server?: RunningTemporal }> {
  if (config.temporalAddress) return { address: config.temporalAddress };
  log.info('starting Temporal dev server …');
  const server = await startTemporalDevServer({
    dbFile: join(config.dataDir, 'temporal.sqlite'),
    port: config.devTemporalPort,
    uiPort: config.temporalUiPort,
    namespace: config.temporalNamespace,
    pidFile: temporalPidFile(config),
    // Closed workflows (signed-off reports, finished notices) live on in the event store; the
    // dev server's copy of their histories is kept a month, then its SQLite reuses the room.
    retention: '30 days',
    notice: (line) => log.info(line),
  });
  return { address: server.address, uiUrl: server.uiUrl, server };
}

function temporalPidFile(config: LedgerConfig): string {
  return join(config.dataDir, 'temporal.pid');
}

/** `npm start -- --demo-year` or DEMO_YEAR=1: a populated 2025 after the start (demo mode only). */
function demoYearWanted(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--demo-year') || env.DEMO_YEAR === '1' || env.DEMO_YEAR === 'true';
}

/** Plays the demo year through the API just started; a failure is said and the system keeps running. */
async function playDemoYear(config: LedgerConfig, url: string, seeded: SeedResult): Promise<void> {
  if (config.mode !== 'demo' || !seeded.demo) {
    log.error('--demo-year is refused outside demo mode (LEDGER_MODE=demo) / 演示年度仅限演示模式');
    return;
  }
  try {
    await playYear({
      url,
      password: seeded.demo.password,
      seed: process.env.DEMO_YEAR_SEED || undefined,
      say: (line) => log.info(line),
    });
  } catch (error) {
    log.error(`演示年度失败：${(error as Error).message}`);
  }
}

const SERVICE_NAMES: Record<Service, string> = { api: 'API', worker: '工作进程', projector: '投影服务' };

function printTopologyBanner(
  config: LedgerConfig,
  topology: Topology,
  children: readonly ServiceProcess[],
  temporalUi: string | undefined,
  seeded: Awaited<ReturnType<typeof seed>>,
): void {
  const lines = [
    '',
    `民生实事督办台账 已启动：${topology.apis} 个 API、${topology.workers} 个工作进程、${topology.projectors} 个投影服务，各自独立进程`,
  ];
  for (const child of children) {
    const where = child.port !== undefined ? `  http://${config.host}:${child.port}/api（就绪检查 /api/health/ready）` : '';
    lines.push(`  ${SERVICE_NAMES[child.service]} ${child.name}：进程号 ${child.pid}${where}`);
  }
  lines.push(`  Temporal 界面：${temporalUi ?? '（外部 Temporal 服务）'}`);
  lines.push(`  方案：${seeded.plan.planId} 第 ${seeded.plan.version} 版；模式：${config.mode === 'demo' ? '演示' : '生产'}`);
  if (seeded.demo) {
    lines.push(`  演示账号密码（所有账号）：${seeded.demo.password}`);
    lines.push(`  演示账号：${seeded.demo.accounts.map((a) => `${a.username}（${a.role}）`).join('、')}`);
  }
  lines.push('进程崩溃会自动重启；按 Ctrl-C 停止。', '');
  console.log(lines.join('\n'));
}

function printBanner(
  config: LedgerConfig,
  url: string,
  temporalUi: string | undefined,
  seeded: Awaited<ReturnType<typeof seed>>,
  metricsUrl: string | undefined,
): void {
  const lines = [
    '',
    '民生实事督办台账 Minsheng Ledger is running',
    `  API:          ${url}/api  (health: ${url}/api/health)`,
    `  Temporal UI:  ${temporalUi ?? '(external Temporal server)'}`,
    `  plan:         ${seeded.plan.planId} version ${seeded.plan.version}${seeded.plan.published ? ' (published now)' : ''}`,
    `  mode:         ${config.mode}`,
    `  metrics:      ${metricsUrl ?? '(off: METRICS_PORT)'}${config.temporalMetricsPort ? `, Temporal SDK: http://${config.metrics?.host ?? '127.0.0.1'}:${config.temporalMetricsPort}/metrics` : ''}`,
  ];
  if (seeded.demo) {
    lines.push(`  demo password (all accounts): ${seeded.demo.password}`);
    lines.push(`  demo accounts: ${seeded.demo.accounts.map((a) => `${a.username} (${a.role})`).join(', ')}`);
  }
  lines.push('Press Ctrl-C to stop.', '');
  // For the person at the terminal in demo mode; one JSON line like every other in production.
  if (config.mode === 'demo') console.log(lines.join('\n'));
  else log.info(lines.join('\n').trim());
}

void main();
