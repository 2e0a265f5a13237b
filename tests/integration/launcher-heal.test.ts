import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
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

const healthy = (port: number) => eventually(async () => ((await health(port)) === 200 ? true : undefined), 60_000);

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

  it('restarts a killed PostgreSQL and Temporal, leaves nothing behind when killed, and starts again', async () => {
    const first = await launch(env);
    launches.push(first);
    expect(await health(port)).toBe(200);

    // PostgreSQL killed: the launcher starts it again and the API is healthy once more.
    const postgres = postmasterPid();
    process.kill(postgres, 'SIGKILL');
    await eventually(async () => (first.output().includes('PostgreSQL restarted') ? true : undefined), 60_000);
    await healthy(port);
    expect(first.output()).toContain('PostgreSQL killed by SIGKILL');
    expect(postmasterPid()).not.toBe(postgres);

    // Temporal killed: restarted, and the worker polls the new server.
    const temporal = temporalPid();
    const killedAt = Math.floor(Date.now() / 1000);
    process.kill(temporal, 'SIGKILL');
    await eventually(async () => (first.output().includes('Temporal dev server restarted') ? true : undefined), 60_000);
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
