import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStorage, type Storage } from '@ledger/bootstrap';
import { loadServiceConfig, totpKeyOf, type LedgerConfig } from '@ledger/config';
import {
  embeddedPostgresLeftover,
  startEmbeddedPostgres,
  startOrphanGuard,
  startTemporalDevServer,
  temporalLeftover,
  type RunningPostgres,
  type RunningTemporal,
} from '@ledger/runtime';
import { loadDefaultCatalog, seed } from './bootstrap';
import { superviseRestarts, type Supervision } from './supervisor';
import { startServices, type RunningServices } from './system';
import { parseTopology, ServiceProcess, type Service, type Topology } from './topology';

/**
 * `npm start`: the whole system on one machine. Embedded PostgreSQL and a Temporal dev server
 * unless DATABASE_URL / TEMPORAL_ADDRESS name external ones; then the worker, projector and
 * API in this process. Ctrl-C / SIGTERM stops everything in reverse order. A server that dies
 * is restarted with backoff (or the launcher exits 1 naming it); servers left by a launcher
 * that was killed are stopped by its guard, or at the next start.
 */
async function main(): Promise<void> {
  process.env.LEDGER_MODE ??= 'demo';
  let config: LedgerConfig;
  let topology: Topology | undefined;
  try {
    topology = parseTopology(process.argv.slice(2));
    config = loadServiceConfig('launcher');
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const stack: Array<{ name: string; stop: () => Promise<void> }> = [];
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    stopping ??= (async () => {
      console.log(`\n${signal}: stopping…`);
      for (const part of stack.reverse()) {
        await part.stop().catch((error) => console.error(`stopping ${part.name}: ${(error as Error).message}`));
      }
      console.log('stopped.');
    })();
    return stopping;
  };
  process.on('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));
  process.on('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));
  const supervision: Supervision = {
    log: (line) => console.error(line),
    stopping: () => stopping !== undefined,
    giveUp: (reason) => {
      console.error(`giving up: ${reason}`);
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
      const services: RunningServices = await startServices(config, storage.url, temporal.address, storage, catalog, supervision.giveUp);
      stack.push({ name: 'services', stop: services.stop });
      printBanner(config, services.url, temporal.uiUrl, seeded);
    }
  } catch (error) {
    console.error(`start failed: ${(error as Error).message}`);
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
  console.log(`starting embedded PostgreSQL (data in ${join(config.dataDir, 'postgres')}) …`);
  const server = await startEmbeddedPostgres(
    { dataDir: config.dataDir, port: config.embeddedPostgresPort, persistent: true, database: 'ledger' },
    (line) => console.log(line),
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
  console.log('starting Temporal dev server …');
  const server = await startTemporalDevServer({
    dbFile: join(config.dataDir, 'temporal.sqlite'),
    port: config.devTemporalPort,
    uiPort: config.temporalUiPort,
    namespace: config.temporalNamespace,
    pidFile: temporalPidFile(config),
    notice: (line) => console.log(line),
  });
  return { address: server.address, uiUrl: server.uiUrl, server };
}

function temporalPidFile(config: LedgerConfig): string {
  return join(config.dataDir, 'temporal.pid');
}

/**
 * Each service in processes of its own (`--apis 2 --workers 2 --projectors 2`), from the build,
 * as they are deployed: the APIs on PORT, PORT+1, …, all sharing the signing secret and the TOTP
 * key so a token or a sealed secret from one serves at every other.
 */
async function startProcesses(
  topology: Topology,
  config: LedgerConfig,
  servers: { databaseUrl: string; ownerUrl?: string; temporalAddress: string },
): Promise<ServiceProcess[]> {
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    LEDGER_MODE: config.mode,
    DATA_DIR: config.dataDir,
    DATABASE_URL: servers.databaseUrl,
    ...(servers.ownerUrl ? { DATABASE_OWNER_URL: servers.ownerUrl } : {}),
    TEMPORAL_ADDRESS: servers.temporalAddress,
    TEMPORAL_NAMESPACE: config.temporalNamespace,
    TEMPORAL_TASK_QUEUE: config.taskQueue,
    JWT_SECRET: config.jwtSecret,
    TOTP_KEY: totpKeyOf(config).toString('base64'),
  };
  const plan: Array<{ service: Service; count: number }> = [
    // Projectors first: the APIs' readiness asks for a projector's beat.
    { service: 'projector', count: topology.projectors },
    { service: 'worker', count: topology.workers },
    { service: 'api', count: topology.apis },
  ];
  const children: ServiceProcess[] = [];
  for (const { service, count } of plan) {
    const started = Array.from({ length: count }, (_, index) => {
      const env = service === 'api' ? { ...shared, PORT: String(config.port === 0 ? 0 : config.port + index), HOST: config.host } : shared;
      return new ServiceProcess(`${service}-${index + 1}`, service, env, (line) => console.log(line));
    });
    children.push(...started);
    await Promise.all(started.map((child) => child.start()));
  }
  return children;
}

/** APIs first (no new requests), then workers, then projectors, each finishing what it holds. */
async function stopProcesses(children: readonly ServiceProcess[]): Promise<void> {
  for (const service of ['api', 'worker', 'projector'] as const)
    await Promise.all(children.filter((child) => child.service === service).map((child) => child.stop()));
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

function printBanner(config: LedgerConfig, url: string, temporalUi: string | undefined, seeded: Awaited<ReturnType<typeof seed>>): void {
  const lines = [
    '',
    '民生实事督办台账 Minsheng Ledger is running',
    `  API:          ${url}/api  (health: ${url}/api/health)`,
    `  Temporal UI:  ${temporalUi ?? '(external Temporal server)'}`,
    `  plan:         ${seeded.plan.planId} version ${seeded.plan.version}${seeded.plan.published ? ' (published now)' : ''}`,
    `  mode:         ${config.mode}`,
  ];
  if (seeded.demo) {
    lines.push(`  demo password (all accounts): ${seeded.demo.password}`);
    lines.push(`  demo accounts: ${seeded.demo.accounts.map((a) => `${a.username} (${a.role})`).join(', ')}`);
  }
  lines.push('Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
}

void main();
