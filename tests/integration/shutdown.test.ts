import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { startReportWorker } from '../../apps/worker/src';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const root = join(__dirname, '../..');
// The API started from the build as its own process, a worker started late, on a loaded machine.
jest.setTimeout(300_000);

interface ApiProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startApiProcess(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('api listening')) resolve({ child, output: () => output, exited });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`api exited with ${code}:\n${output}`)));
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

/** What a fresh TCP connection to the port meets: 'connected', or the error code (ECONNREFUSED). */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('the API stopped with SIGTERM while requests are in flight', () => {
  let system: TestSystem;
  let api: ApiProcess | undefined;
  let worker: { stop(): Promise<void> } | undefined;

  beforeAll(() => {
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  });
  beforeAll(async () => {
    system = await startTestSystem('shutdown');
  });
  afterAll(async () => {
    api?.child.kill('SIGKILL');
    await worker?.stop();
    await system?.stop();
  });

  it('refuses new connections, answers every request in flight in full, and exits 0', async () => {
    // No worker polls the API's task queue yet: the submissions stay in flight until one starts.
    const taskQueue = `shutdown-${randomUUID()}`;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    api = await startApiProcess({
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
      // Long enough for the worker below to start on a loaded machine.
      SHUTDOWN_GRACE_SECONDS: '200',
    });
    expect((await fetch(`${url}/api/health/live`)).status).toBe(200);
    const ready = await fetch(`${url}/api/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { status: 'ready', failed: [], projectorLagSeconds: 0 },
    });

    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'edu', password: system.config.demoPassword }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const periods = ['2025-01', '2025-02', '2025-03', '2025-04'];
    const keys = periods.map(() => randomUUID());
    const inFlight = periods.map((period, index) =>
      fetch(`${url}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, 'idempotency-key': keys[index]! },
        body: JSON.stringify({
          taskId: 'hengyang-2025-P01',
          period,
          values: [
            { indicatorId: 'P01-1', value: 100 + index },
            { indicatorId: 'P01-2', value: 10 },
          ],
          narrative: '按计划推进',
        }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { id: string; status: string } })),
    );
    // Every submission has claimed its key and waits on its workflow.
    await eventually(async () => {
      const claimed = await system.storage.pool.query(`select 1 from idempotency_keys where key = any($1) and status is null`, [keys]);
      return claimed.rowCount === keys.length ? true : undefined;
    }, 30_000);

    const signalled = Date.now();
    api.child.kill('SIGTERM');
    await eventually(async () => ((await tryConnect(port)) === 'ECONNREFUSED' ? true : undefined), 10_000);
    expect(api.child.exitCode).toBeNull();

    worker = await startReportWorker({
      temporalAddress: process.env.TEST_TEMPORAL_ADDRESS!,
      namespace: system.config.temporalNamespace,
      taskQueue,
      store: system.storage.store,
      pool: system.storage.pool,
    });
    const answers = await Promise.all(inFlight);
    expect(answers.map(({ status, body }) => ({ status, state: body.status }))).toEqual(
      periods.map(() => ({ status: 201, state: 'in_review' })),
    );
    expect(new Set(answers.map(({ body }) => body.id)).size).toBe(periods.length);
    expect(await api.exited).toBe(0);
    expect(api.output()).toMatch(/api: SIGTERM, stopping[\s\S]*api: stopped in \d+ ms/);
    console.log(`api stopped ${Date.now() - signalled} ms after SIGTERM (waiting for its worker included)`);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
  });

  it('is not ready, naming the check, while the projector is far behind', async () => {
    await system.anotherApi({ readiness: { maxProjectorLagSeconds: 1 } }, async (url) => {
      await system.services.projector.stop();
      // An event the stopped projector has not applied, recorded a moment ago.
      const edu = await system.login('edu');
      const submitted = await system.call('POST', '/api/reports', edu, {
        taskId: 'hengyang-2025-P01',
        period: '2025-06',
        values: [
          { indicatorId: 'P01-1', value: 200 },
          { indicatorId: 'P01-2', value: 10 },
        ],
        narrative: '按计划推进',
      });
      expect(submitted.status).toBe(201);
      const answer = await eventually(async () => {
        const response = await fetch(`${url}/api/health/ready`);
        return response.status === 503 ? ((await response.json()) as { failed: Array<{ check: string; reason: string }> }) : undefined;
      }, 20_000);
      expect(answer.failed).toEqual([
        { check: 'projectorLag', reason: expect.stringMatching(/^投影落后 \d+ 秒，超过 1 秒 \/ the projector is/) },
      ]);
      // Alive all the same: a restart would not help.
      expect((await fetch(`${url}/api/health/live`)).status).toBe(200);
    });
  });

  it('does not start with two bad variables, and names both', () => {
    const started = spawnSync(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
      env: {
        PATH: process.env.PATH,
        LEDGER_MODE: 'demo',
        DATABASE_URL: system.config.databaseUrl,
        TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
        PORT: 'http',
        SHUTDOWN_GRACE_SECONDS: '0',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain('配置有误（2 处），未启动');
    expect(started.stderr).toContain('PORT: 须为 TCP 端口（0–65535），而不是 "http"');
    expect(started.stderr).toContain('SHUTDOWN_GRACE_SECONDS: 须为正整数，而不是 "0"');
  });
});
