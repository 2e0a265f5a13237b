import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ReportEvent } from '@ledger/domain';
import { isEventOf, type Event } from '@ledger/event-store';
import { startReportWorker } from '../../apps/worker/src';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const root = join(__dirname, '../..');
// A fault test: two API processes started from the build, a lease to lapse, a worker started late.
jest.setTimeout(300_000);
const P01 = 'hengyang-2025-P01';
const body = {
  taskId: P01,
  period: '2025-05',
  values: [
    { indicatorId: 'P01-1', value: 100 },
    { indicatorId: 'P01-2', value: 10 },
  ],
  narrative: '按计划推进',
};

/** The API as deployed: its own process, started from the build. */
function startApiProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('api listening')) resolve(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => reject(new Error(`api exited with ${code ?? signal}:\n${output}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the API killed (kill -9) in the middle of a keyed submission', () => {
  let system: TestSystem;
  let api: ChildProcess | undefined;
  let worker: { stop(): Promise<void> } | undefined;

  beforeAll(() => {
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  });
  beforeAll(async () => {
    system = await startTestSystem('api_kill');
  });
  afterAll(async () => {
    api?.kill('SIGKILL');
    await worker?.stop();
    await system?.stop();
  });

  it('answers a retry at once while the first attempt may still run, then with the report the first attempt started', async () => {
    // The API's task queue has no worker yet: the submission stays in flight until the kill.
    const taskQueue = `api-kill-${randomUUID()}`;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: system.config.databaseUrl,
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_NAMESPACE: system.config.temporalNamespace,
      LEDGER_MODE: 'demo',
      DEMO_PASSWORD: system.config.demoPassword,
      JWT_SECRET: randomBytes(32).toString('hex'),
      TOTP_KEY: system.config.totpKey!.toString('base64'),
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE: '1000000',
    };
    api = await startApiProcess(env);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'edu', password: system.config.demoPassword }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const key = randomUUID();
    const submit = () =>
      fetch(`${url}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, 'idempotency-key': key },
        body: JSON.stringify(body),
      });

    const first = submit().catch((error: Error) => error);
    // Mid-request: the key is claimed and the report's workflow has been started.
    const workflowId = await eventually(async () => {
      const claimed = await system.storage.pool.query(`select 1 from idempotency_keys where key = $1 and status is null`, [key]);
      if (claimed.rowCount !== 1) return undefined;
      for await (const execution of system.services.temporal.workflow.list({ query: `TaskQueue = '${taskQueue}'` }))
        return execution.workflowId;
      return undefined;
    }, 20_000);
    api.kill('SIGKILL');
    // The first request never gets an answer: its connection died with the process.
    expect(await first).toMatchObject({ message: 'fetch failed' });

    api = await startApiProcess(env);
    const started = Date.now();
    const inFlight = await submit();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(inFlight.status).toBe(409);
    expect(Number(inFlight.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    worker = await startReportWorker({
      temporalAddress: process.env.TEST_TEMPORAL_ADDRESS!,
      namespace: system.config.temporalNamespace,
      taskQueue,
      store: system.storage.store,
      pool: system.storage.pool,
    });
    const retried = await eventually(async () => {
      const answer = await submit();
      if (answer.status === 409) {
        await new Promise((resolve) => setTimeout(resolve, Number(answer.headers.get('retry-after')) * 1000));
        return undefined;
      }
      return { status: answer.status, body: (await answer.json()) as { id: string; status: string } };
    }, 60_000);
    expect(retried).toEqual({ status: 201, body: expect.objectContaining({ status: 'in_review' }) });
    expect(`report-${retried.body.id}`).toBe(workflowId);

    const submitted = (await system.storage.store.readAll(0, 100_000))
      .filter(isEventOf<Extract<ReportEvent, Event<'ReportSubmitted'>>>(['ReportSubmitted']))
      .filter((event) => event.data.period === body.period);
    expect(submitted.map((event) => event.data.reportId)).toEqual([retried.body.id]);
    const again = await submit();
    expect({ status: again.status, body: await again.json() }).toEqual(retried);
  });
});
