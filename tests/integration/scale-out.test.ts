import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type Storage } from '@ledger/bootstrap';
import { taskId } from '@ledger/domain';
import { loadDefaultCatalog } from '../../apps/launcher/src/bootstrap';
import { createTestDatabase, serviceUrlOf } from '../support/database';
import { eventually, suiteNamespace } from '../support/system';

const root = join(__dirname, '../..');
// A build, six service processes and a few hundred report chains on a loaded machine.
jest.setTimeout(900_000);
const CHAINS = Number(process.env.SCALE_OUT_CHAINS ?? 200);
const CONCURRENCY = 12;

/** Two free ports in a row: the launcher gives its APIs PORT, PORT+1, and a restarted API takes its port again. */
async function freePortPair(): Promise<number> {
  const isFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port: chosen } = server.address() as { port: number };
        server.close(() => resolve(chosen));
      });
    });
    if (port < 65535 && (await isFree(port + 1))) return port;
  }
}

interface Operation {
  name: 'submit' | 'review' | 'signoff';
  chain: number;
  status: number;
  attempts: number;
}

describe('two APIs, two workers and two projectors as processes, one of each killed (kill -9) under load', () => {
  let launcher: ChildProcess | undefined;
  let storage: Storage;
  let dataDir: string;
  let output = '';
  const lines: Array<{ at: number; line: string }> = [];

  beforeAll(() => {
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  });
  afterAll(async () => {
    if (launcher && launcher.exitCode === null) {
      const exited = new Promise((resolve) => launcher!.once('exit', resolve));
      launcher.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
      launcher.kill('SIGKILL');
    }
    await storage?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no answered operation, doubles none, rebuilds identical read models, and the standby projector takes over', async () => {
    const ownerUrl = await createTestDatabase('scale_out');
    const serviceUrl = serviceUrlOf(ownerUrl);
    // Makes the services' login role (as the test systems do) and a connection to check the log with.
    storage = await openStorage(serviceUrl, { ownerUrl, createServiceLogin: true });
    const temporalAddress = process.env.TEST_TEMPORAL_ADDRESS!;
    const namespace = await suiteNamespace(temporalAddress, 'scale-out');
    const port = await freePortPair();
    const password = `test-${randomBytes(8).toString('hex')}`;
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-scale-out-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LEDGER_MODE: 'demo',
      DATA_DIR: dataDir,
      DATABASE_URL: serviceUrl,
      DATABASE_OWNER_URL: ownerUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: `scale-out-${randomUUID()}`,
      PORT: String(port),
      DEMO_PASSWORD: password,
      JWT_SECRET: randomBytes(32).toString('hex'),
      TOTP_KEY: randomBytes(32).toString('base64'),
      SUPERVISION: 'off',
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
    };
    launcher = spawn(
      process.execPath,
      [join(root, 'dist/apps/launcher/src/main.js'), '--apis', '2', '--workers', '2', '--projectors', '2'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const take = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n').filter(Boolean)) lines.push({ at: Date.now(), line });
    };
    launcher.stdout!.on('data', take);
    launcher.stderr!.on('data', take);
    await eventually(async () => {
      if (launcher!.exitCode !== null) throw new Error(`the launcher exited with ${launcher!.exitCode}:\n${output}`);
      return output.includes('进程崩溃会自动重启') ? true : undefined;
    }, 300_000);
    const pids = Object.fromEntries(
      [...output.matchAll(/ (api-\d|worker-\d|projector-\d)：进程号 (\d+)/g)].map((m) => [m[1]!, Number(m[2])]),
    );
    expect(Object.keys(pids).sort()).toEqual(['api-1', 'api-2', 'projector-1', 'projector-2', 'worker-1', 'worker-2']);
    expect(output).toContain(`http://127.0.0.1:${port}/api`);
    expect(output).toContain(`http://127.0.0.1:${port + 1}/api`);
    const apis = [`http://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`];

    // The chains: single-led tasks (no countersign) × the twelve months, empty values.
    const catalog = loadDefaultCatalog();
    const tasks = catalog.plan.sections
      .flatMap((section) => section.categories.flatMap((category) => category.tasks))
      .filter((task) => task.leadUnits.length === 1);
    const slots = tasks.flatMap((task) =>
      Array.from({ length: 12 }, (_, month) => ({ task, period: `2025-${String(month + 1).padStart(2, '0')}` })),
    );
    expect(slots.length).toBeGreaterThanOrEqual(CHAINS);
    const chains = slots.slice(0, CHAINS).map((slot, index) => ({ ...slot, unit: slot.task.leadUnits[0]!, index }));

    const tokens = new Map<string, string>();
    for (const username of ['coordinator', 'office', ...new Set(chains.map((chain) => chain.unit))]) {
      const login = await fetch(`${apis[0]}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      expect(login.status).toBe(200);
      tokens.set(username, ((await login.json()) as { accessToken: string }).accessToken);
    }

    const operations: Operation[] = [];
    /**
     * One operation with its own Idempotency-Key, retried with the same key until it is answered:
     * on a lost connection (at the other API), a 503 of an outage, or a 409 with Retry-After (an
     * attempt in flight, perhaps at an API that was killed, whose lease lapses).
     */
    const send = async (name: Operation['name'], chain: number, user: string, path: string, body: unknown) => {
      const key = randomUUID();
      for (let attempt = 1; ; attempt += 1) {
        const api = apis[(chain + attempt) % 2]!;
        let response: Response;
        try {
          response = await fetch(`${api}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(user)}`, 'idempotency-key': key },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(120_000),
          });
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        const retryAfter = response.headers.get('retry-after');
        if (response.status === 503 || (response.status === 409 && retryAfter)) {
          await response.body?.cancel();
          await new Promise((resolve) => setTimeout(resolve, Math.min(Number(retryAfter ?? 1), 2) * 1000));
          continue;
        }
        const answer = (await response.json()) as { id?: string };
        if (response.status >= 300) {
          // What the APIs said around it (their errors reach the launcher's output as `[api-N] …`).
          const said = lines
            .filter(({ line }) => /^\[api-\d\]/.test(line))
            .slice(-40)
            .map(({ line }) => line);
          throw new Error(`${name} of chain ${chain} at ${api}: ${response.status} ${JSON.stringify(answer)}\n${said.join('\n')}`);
        }
        operations.push({ name, chain, status: response.status, attempts: attempt });
        return answer;
      }
    };
    const reportIds = new Map<number, string>();
    const runChain = async ({ task, period, unit, index }: (typeof chains)[number]) => {
      // Every indicator, growing with the month, so no period falls below an earlier one (the cumulative floor).
      const month = Number(period.slice(5));
      // Confirmed as the form would: against a small target these figures are out of line (the plausibility rule).
      const values = task.indicators.map((indicator) => ({ indicatorId: indicator.id, value: month * 10, confirmedImplausible: true }));
      const submitted = await send('submit', index, unit, '/api/reports', {
        taskId: taskId(catalog.plan.id, task.code),
        period,
        values,
        narrative: '按计划推进',
      });
      reportIds.set(index, submitted.id!);
      await send('review', index, 'coordinator', `/api/reports/${submitted.id}/approve`, { comment: '同意' });
      await send('signoff', index, 'office', `/api/reports/${submitted.id}/approve`, {});
    };

    const started = Date.now();
    const queue = [...chains];
    const load = Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let chain = queue.shift(); chain; chain = queue.shift()) await runChain(chain);
      }),
    );

    // A quarter of the way: one API, one worker and the projector that owns the read models, killed.
    let failed: unknown;
    load.catch((error: unknown) => (failed = error));
    await eventually(async () => {
      if (failed) throw failed;
      return operations.length >= (CHAINS * 3) / 4 ? true : undefined;
    }, 300_000);
    const ownerLine = [...lines].reverse().find(({ line }) => /\[projector-\d\].*projector supervision: took ownership/.test(line));
    expect(ownerLine).toBeDefined();
    const owner = /\[(projector-\d)\]/.exec(ownerLine!.line)![1]!;
    const killedAt = Date.now();
    process.kill(pids['api-1']!, 'SIGKILL');
    process.kill(pids['worker-1']!, 'SIGKILL');
    process.kill(pids[owner]!, 'SIGKILL');
    const takeover = await eventually(async () => {
      const found = lines.find(({ at, line }) => at >= killedAt && /\[projector-\d\].*projector supervision: took ownership/.test(line));
      return found ? { by: /\[(projector-\d)\]/.exec(found.line)![1]!, ms: found.at - killedAt } : undefined;
    }, 60_000);

    await load;
    const loadMs = Date.now() - started;
    expect(operations).toHaveLength(CHAINS * 3);

    // Every answered operation is in the log once, and nothing else is.
    const events = await storage.store.readAll(0, 1_000_000);
    const count = (type: string, reportId: string) =>
      events.filter((event) => event.type === type && (event.data as { reportId?: string }).reportId === reportId).length;
    const wrong = [...reportIds.values()].filter(
      (id) => count('ReportSubmitted', id) !== 1 || count('ReportApproved', id) !== 1 || count('ReportSignedOff', id) !== 1,
    );
    expect(wrong).toEqual([]);
    expect(events.filter((event) => event.type === 'ReportSubmitted')).toHaveLength(CHAINS);
    expect(events.filter((event) => event.type === 'ReportSignedOff')).toHaveLength(CHAINS);

    // The read models follow the whole log, and a rebuild from the events equals them.
    const last = await storage.store.lastPosition();
    await eventually(async () => {
      const checkpoint = await storage.pool.query<{ position: string }>(
        `select position from projection_checkpoints where name = 'supervision'`,
      );
      return Number(checkpoint.rows[0]?.position) === last ? true : undefined;
    }, 120_000);
    const verify = spawnSync(process.execPath, [join(root, 'dist/apps/cli/src/main.js'), 'projections', 'verify'], {
      cwd: root,
      // The CLI is the operator's tool and connects as the schema's owner (verify builds a scratch schema).
      env: { ...env, DATABASE_URL: ownerUrl },
      encoding: 'utf8',
    });
    expect({ status: verify.status, out: verify.stdout, err: verify.stderr }).toEqual({
      status: 0,
      out: expect.stringContaining('identical'),
      err: '',
    });
    const signed = await storage.pool.query<{ count: string }>(`select count(*) from rm_reports where status = 'signed_off'`);
    expect(Number(signed.rows[0]!.count)).toBe(CHAINS);

    // The launcher brought the killed processes back.
    await eventually(
      async () => (['api-1', 'worker-1', owner].every((name) => output.includes(`${name} restarted`)) ? true : undefined),
      120_000,
    );
    const retried = operations.filter((operation) => operation.attempts > 1).length;
    console.log(
      `scale-out: ${CHAINS} chains (${CHAINS * 3} operations) in ${loadMs} ms over 2 APIs; ${retried} answered after a retry; ` +
        `${owner} killed, ${takeover.by} took over the read models ${takeover.ms} ms later`,
    );
    expect(takeover.by).not.toBe(owner);
    expect(takeover.ms).toBeLessThan(15_000);
  });
});
