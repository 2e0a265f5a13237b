import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { totpKeyOf, type LedgerConfig } from '@ledger/config';
import type { Restartable } from './supervisor';

/** How many processes of each service `npm start -- --apis 2 --workers 2 --projectors 2` asks for. */
export interface Topology {
  apis: number;
  workers: number;
  projectors: number;
}

export type Service = 'api' | 'worker' | 'projector';

const FLAGS: Record<string, keyof Topology> = { '--apis': 'apis', '--workers': 'workers', '--projectors': 'projectors' };
/** The launcher's flags that are not about the topology (read in main.ts): passed over here. */
const OTHER_FLAGS = new Set(['--demo-year']);

/**
 * The topology the command line asks for, or undefined without any of its flags (then the launcher
 * runs every service in its own process, as it always has). A count left out is 1.
 */
export function parseTopology(argv: readonly string[]): Topology | undefined {
  const topology: Topology = { apis: 1, workers: 1, projectors: 1 };
  let asked = false;
  for (let index = 0; index < argv.length; index += 1) {
    const [flag, inline] = argv[index]!.split('=', 2) as [string, string | undefined];
    if (OTHER_FLAGS.has(flag) && inline === undefined) continue;
    const key = FLAGS[flag];
    if (!key) throw new Error(`未知参数 ${flag}（可用：--apis N --workers N --projectors N --demo-year）/ unknown argument ${flag}`);
    const raw = inline ?? argv[(index += 1)];
    const count = Number(raw);
    if (!Number.isInteger(count) || count < 1 || count > 16)
      throw new Error(`${flag} 须为 1 到 16 的整数，而不是 "${raw ?? ''}" / ${flag} must be a whole number from 1 to 16`);
    topology[key] = count;
    asked = true;
  }
  return asked ? topology : undefined;
}

/** What a service logs once it serves (its main.ts), as a readable line or inside a JSON one. */
const READY_LINE: Record<Service, RegExp> = {
  api: /api listening on ([^\s"]+):(\d+)/,
  worker: /worker polling\b/,
  projector: /projector running\b/,
};

/** The compiled entry of a service, beside the launcher's own under dist/apps. */
export function entryOf(service: Service): string {
  return resolve(__dirname, `../../${service}/src/main.js`);
}

/**
 * One service as a child process (its compiled main.ts), restartable by the supervisor. Its
 * output is passed on line by line under its name, e.g. `[api-2] …`.
 */
export class ServiceProcess implements Restartable {
  private child: ChildProcess | undefined;
  private stopping = false;
  private readonly exitListeners: Array<(how: string) => void> = [];
  /** The port an API bound (its PORT, or the one the system chose for PORT=0). */
  port: number | undefined;

  constructor(
    readonly name: string,
    readonly service: Service,
    private readonly env: NodeJS.ProcessEnv,
    private readonly print: (line: string) => void,
    private readonly entry = entryOf(service),
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and resolves once it says it serves; rejects with its output when it exits first. */
  start(): Promise<void> {
    const child = spawn(process.execPath, [this.entry], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    return new Promise((resolveStart, rejectStart) => {
      let started = false;
      const take = (chunk: Buffer) => {
        const text = chunk.toString();
        output += text;
        for (const line of text.split('\n').filter(Boolean)) this.print(`[${this.name}] ${line}`);
        const ready = READY_LINE[this.service].exec(output);
        if (!started && ready) {
          started = true;
          if (this.service === 'api') this.port = Number(ready[2]);
          resolveStart();
        }
      };
      child.stdout!.on('data', take);
      child.stderr!.on('data', take);
      child.once('exit', (code, signal) => {
        const how = signal ? `was killed (${signal})` : `exited with ${code}`;
        if (!started) {
          rejectStart(new Error(`${this.name} ${how} before it served:\n${output.trim()}`));
          return;
        }
        if (this.child === child && !this.stopping) for (const listener of this.exitListeners) listener(how);
      });
    });
  }

  onUnexpectedExit(listener: (how: string) => void): void {
    this.exitListeners.push(listener);
  }

  restart(): Promise<void> {
    return this.start();
  }

  /** SIGTERM, as an orchestrator would: the service finishes what is in flight; SIGKILL after `boundMs`. */
  async stop(boundMs = 60_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), boundMs);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Each service in processes of its own (`--apis 2 --workers 2 --projectors 2`), from the build,
 * as they are deployed: the APIs on PORT, PORT+1, …, all sharing the signing secret and the TOTP
 * key so a token or a sealed secret from one serves at every other.
 */
export async function startProcesses(
  topology: Topology,
  config: LedgerConfig,
  servers: { databaseUrl: string; ownerUrl?: string; temporalAddress: string },
  /** Where each service's output goes, line by line under its name. */
  print: (line: string) => void = (line) => console.log(line),
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
    // Six processes cannot share the launcher's metrics port: each takes one the system chooses
    // and logs it ("metrics served"); the SDK's worker metrics need a fixed port per worker, so
    // they stay off here (a deployment gives each worker its TEMPORAL_METRICS_PORT).
    METRICS_PORT: config.metrics ? '0' : undefined,
    TEMPORAL_METRICS_PORT: undefined,
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
      return new ServiceProcess(`${service}-${index + 1}`, service, env, print);
    });
    children.push(...started);
    const results = await Promise.allSettled(started.map((child) => child.start()));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) {
      // Those that did start must not outlive a start that failed.
      await stopProcesses(children);
      throw failure.reason;
    }
  }
  return children;
}

/** APIs first (no new requests), then workers, then projectors, each finishing what it holds. */
export async function stopProcesses(children: readonly ServiceProcess[]): Promise<void> {
  for (const service of ['api', 'worker', 'projector'] as const)
    await Promise.all(children.filter((child) => child.service === service).map((child) => child.stop()));
}
