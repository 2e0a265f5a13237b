import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { Client } from 'pg';
import { embeddedPostgresLeftover, freePort, isAlive, readPidFile, stopLeftover, temporalLeftover } from '@ledger/runtime';
import { eventually } from '../support/system';

const root = join(__dirname, '../..');

interface Launch {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** `npm start` without the build steps: the compiled launcher with its own data folder and ports. */
async function launch(env: NodeJS.ProcessEnv): Promise<Launch> {
  const child = spawn(process.execPath, [join(root, 'dist/apps/launcher/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await Promise.race([
    eventually(async () => (output.includes('is running') ? true : undefined), 90_000),
    exit.then((code) => Promise.reject(new Error(`launcher exited with ${code}:\n${output}`))),
  ]);
  return { child, output: () => output, exit };
}

async function health(port: number): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
}

/**
 * Waits for the launcher to say `text`. A restart waits out its backoff (up to 30 s over six
 * tries) besides the server's own start, which is slow on a loaded machine: two and a half minutes,
 * and on failure the launcher's whole output, to say what it did instead.
 */
async function logged(launcher: { output(): string }, text: string): Promise<void> {
  try {
    await eventually(async () => (launcher.output().includes(text) ? true : undefined), 150_000);
  } catch {
    throw new Error(`the launcher did not say "${text}"; it said:\n${launcher.output()}`);
  }
}

const healthy = (port: number) => eventually(async () => ((await health(port)) === 200 ? true : undefined), 60_000);

// Two launches from the build, each server killed and restarted: minutes on a loaded machine.
jest.setTimeout(600_000);

describe('npm start heals and restarts cleanly', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let temporalPort: number;
  const launches: Launch[] = [];

  beforeAll(() => {
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  });
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-launcher-'));
    port = await freePort();
    temporalPort = await freePort();
    env = {
      ...process.env,
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(await freePort()),
      LEDGER_MODE: 'demo',
      DEMO_PASSWORD: 'launcher-heal-demo',
      SUPERVISION: 'off',
    };
  });
  afterAll(async () => {
    for (const { child } of launches) child.kill('SIGKILL');
    await stopLeftover(embeddedPostgresLeftover(dataDir), 5000);
    await stopLeftover(temporalLeftover(join(dataDir, 'temporal.pid')), 5000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const postmasterPid = () => readPidFile(embeddedPostgresLeftover(dataDir).pidFile)!;
  const temporalPid = () => readPidFile(join(dataDir, 'temporal.pid'))!;

  /** A client of the embedded cluster as `user` (its password kept in the data folder). */
  const connectAs = async (user: 'postgres' | 'ledger_service') => {
    const password = readFileSync(join(dataDir, `${user}.password`), 'utf8').trim();
    const client = new Client({
      connectionString: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/ledger`,
    });
    await client.connect();
    return client;
  };

  it('restarts a killed PostgreSQL and Temporal, leaves nothing behind when killed, and starts again', async () => {
    const first = await launch(env);
    launches.push(first);
    expect(await health(port)).toBe(200);

    // The services connect as ledger_service, which cannot write events but through ledger_append.
    const admin = await connectAs('postgres');
    const service = await connectAs('ledger_service');
    try {
      const users = await admin.query<{ usename: string }>(
        `select distinct usename from pg_stat_activity where datname = 'ledger' and pid <> pg_backend_pid()`,
      );
      expect(users.rows.map((row) => row.usename).filter((user) => user !== 'ledger_service')).toEqual([]);
      const role = await service.query(
        `select rolsuper, pg_has_role(current_user, 'ledger_app', 'member') as app from pg_roles where rolname = current_user`,
      );
      expect(role.rows).toEqual([{ rolsuper: false, app: true }]);
      const forged = await service
        .query(
          `insert into events select position + 1000, 'forged', 1, gen_random_uuid(), type, data, metadata, now(), hash, hash from events limit 1`,
        )
        .catch((error: Error) => error);
      expect(String(forged)).toMatch(/permission denied for table events/);
    } finally {
      await service.end();
      await admin.end();
    }

    // PostgreSQL killed: the launcher starts it again and the API is healthy once more.
    const postgres = postmasterPid();
    process.kill(postgres, 'SIGKILL');
    await logged(first, 'PostgreSQL restarted');
    await healthy(port);
    expect(first.output()).toContain('PostgreSQL killed by SIGKILL');
    expect(postmasterPid()).not.toBe(postgres);

    // Temporal killed: restarted, and the worker polls the new server.
    const temporal = temporalPid();
    const killedAt = Math.floor(Date.now() / 1000);
    process.kill(temporal, 'SIGKILL');
    await logged(first, 'Temporal dev server restarted');
    await healthy(port);
    expect(temporalPid()).not.toBe(temporal);
    const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
    try {
      await eventually(async () => {
        const queue = await connection.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name: 'ledger-reports' },
          taskQueueType: 1, // workflow tasks
        });
        return queue.pollers.some((poller) => Number(poller.lastAccessTime?.seconds ?? 0) >= killedAt) ? true : undefined;
      }, 30_000);
    } finally {
      await connection.close();
    }

    // The launcher killed: its servers do not stay behind, and the next start succeeds.
    const leftovers = [postmasterPid(), temporalPid()];
    first.child.kill('SIGKILL');
    await first.exit;
    const second = await launch(env);
    launches.push(second);
    await healthy(port);
    for (const pid of leftovers) expect(isAlive(pid)).toBe(false);

    // Ctrl-C just after a server died: an orderly stop, exit code 0.
    process.kill(temporalPid(), 'SIGKILL');
    await eventually(async () => (second.output().includes('Temporal dev server killed') ? true : undefined), 10_000);
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
    expect(second.output()).toContain('stopped.');
    expect(second.output()).not.toMatch(/Channel has been shut down|Unhandled|uncaught/i);
    // PostgreSQL shut down in order: it removes its pid file itself.
    expect(readPidFile(embeddedPostgresLeftover(dataDir).pidFile)).toBeUndefined();
  });
});
