import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { DEFAULT_CHAIN, type Actor } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { approveUpdate, reportWorkflow, submitUpdate } from '@ledger/workflows';
import { createTestDatabase } from '../support/database';
import { eventually } from '../support/system';

const root = join(__dirname, '../..');
const unit: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const task = { planId: 'p', taskId: 'p-P01', leadUnits: ['edu'], indicatorIds: ['P01-1'], year: 2025 };

/** The worker as deployed: its own process, started from the build. */
function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'dist/apps/worker/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker polling')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
}

describe('a worker killed in the middle of a chain', () => {
  let pool: ReturnType<typeof createPool>;
  let store: PostgresEventStore;
  let databaseUrl: string;
  let connection: Connection;
  const workers: ChildProcess[] = [];

  beforeAll(() => {
    // The worker runs from the compiled output, as in production.
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  });
  beforeAll(async () => {
    databaseUrl = await createTestDatabase('worker_kill');
    pool = createPool(databaseUrl);
    store = new PostgresEventStore(pool);
    await store.migrate();
    connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await connection?.close();
    await pool?.end();
  });

  it('completes the report on a new worker with exactly its events: no duplicates, no gaps', async () => {
    const taskQueue = `worker-kill-${randomUUID()}`;
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: taskQueue,
      LEDGER_MODE: 'demo',
    };
    const client = new Client({ connection });
    const reportId = randomUUID();
    const workflowId = `report-${reportId}`;

    const first = await startWorkerProcess(env);
    workers.push(first);
    await client.workflow.executeUpdateWithStart(submitUpdate, {
      args: [
        {
          actor: unit,
          correlationId: 'c1',
          task,
          period: '2025-06',
          values: [{ indicatorId: 'P01-1', value: 5 }],
          narrative: '',
          chain: DEFAULT_CHAIN,
        },
      ],
      startWorkflowOperation: new WithStartWorkflowOperation(reportWorkflow, {
        workflowId,
        taskQueue,
        args: [{ reportId }],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });

    // The approval's event reaches the store; the worker dies before it can report back.
    const approval = client.workflow
      .getHandle(workflowId)
      .executeUpdate(approveUpdate, { args: [{ actor: coordinator, correlationId: 'c2' }] });
    await eventually(async () => ((await store.readStream(workflowId)).length === 2 ? true : undefined), 30_000);
    first.kill('SIGKILL');

    const second = await startWorkerProcess(env);
    workers.push(second);
    expect(await approval).toMatchObject({ status: 'in_review', stage: 'office_signoff' });
    const signed = await client.workflow
      .getHandle(workflowId)
      .executeUpdate(approveUpdate, { args: [{ actor: office, correlationId: 'c3' }] });
    expect(signed).toMatchObject({ status: 'signed_off' });
    expect(await client.workflow.getHandle(workflowId).result()).toMatchObject({ status: 'signed_off' });

    const stream = await store.readStream(workflowId);
    expect(stream.map((e) => [e.version, e.type])).toEqual([
      [1, 'ReportSubmitted'],
      [2, 'ReportApproved'],
      [3, 'ReportSignedOff'],
    ]);
    expect(new Set(stream.map((e) => e.eventId)).size).toBe(3);
    expect(await store.verify()).toMatchObject({ ok: true, checked: 3 });
  });
});
