import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { openStorage, type Storage } from '@ledger/bootstrap';
import { CliError } from './command';

export interface Connection {
  storage: Storage;
  databaseUrl: string;
}

/** Where the database is: DATABASE_URL, or else the embedded server that `npm start` runs. */
export type DatabaseTarget = { kind: 'external'; url: string } | { kind: 'embedded'; url: string; dataDir: string; port: number };

/**
 * Reads the same variables as the launcher (libs/config) but not its production checks: the CLI
 * needs no JWT secret. The embedded server's password is the one the launcher generated.
 */
export function databaseTarget(env: NodeJS.ProcessEnv): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: 'external', url: env.DATABASE_URL };
  const dataDir = resolve(env.DATA_DIR || '.data');
  const port = Number(env.EMBEDDED_PG_PORT || 54329);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new CliError(`EMBEDDED_PG_PORT must be a TCP port, not "${env.EMBEDDED_PG_PORT}"`);
  const passwordFile = join(dataDir, 'postgres.password');
  if (!existsSync(passwordFile)) {
    throw new CliError(
      `no embedded PostgreSQL in ${dataDir} (no postgres.password there): start the system with \`npm start\`, or set DATABASE_URL`,
    );
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  return { kind: 'embedded', url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/ledger`, dataDir, port };
}

/** Checks the server answers (to say clearly when it does not), then opens storage and migrates. */
export async function connectStorage(env: NodeJS.ProcessEnv): Promise<Connection> {
  const target = databaseTarget(env);
  const probe = new Client({ connectionString: target.url, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
  } catch (error) {
    throw new CliError(unreachable(target, error as Error & { code?: string }));
  } finally {
    await probe.end().catch(() => undefined);
  }
  return { storage: await openStorage(target.url), databaseUrl: target.url };
}

function unreachable(target: DatabaseTarget, error: Error & { code?: string }): string {
  const detail = error.message || error.code || String(error);
  if (target.kind === 'external') return `cannot connect to PostgreSQL at ${withoutPassword(target.url)}: ${detail}`;
  if (error.code === 'ECONNREFUSED') {
    return `the embedded PostgreSQL is not running (nothing listens on 127.0.0.1:${target.port}; data in ${target.dataDir}): start the system with \`npm start\`, or set DATABASE_URL`;
  }
  return `cannot connect to the embedded PostgreSQL on 127.0.0.1:${target.port} (data in ${target.dataDir}): ${detail}`;
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL is not a valid URL)';
  }
}
