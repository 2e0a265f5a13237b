import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { DEFAULT_CHAIN, monthLabel, periodsOf, reportDeadline, type Actor, type NoticeEvent, type TargetEvent } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { approveUpdate, noticeWorkflowId, reportWorkflow, submitUpdate, targetWorkflowId } from '@ledger/workflows';
import { loadDefaultCatalog } from '../../apps/launcher/src/bootstrap';
import { superviseTasksOf, targetFactsOf } from '@ledger/bootstrap';
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
  const workerEnv = (taskQueue: string): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: taskQueue,
    LEDGER_MODE: 'demo',
  });

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
    const env = workerEnv(taskQueue);
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

  it('issues each overdue task exactly one red notice when supervision’s worker is killed while it issues them', async () => {
    // The 2025 plan seen from a later year: every period is overdue at once, so each task's
    // supervision issues its red notice (逾期未报) right away while it runs through the year's
    // periods. A plan id of its own keeps these target-<taskId> workflows apart from other suites'.
    const catalog = loadDefaultCatalog();
    const months = periodsOf(catalog.plan.year);
    expect(Date.now()).toBeGreaterThan(Date.parse(reportDeadline(months.at(-1)!, catalog.plan.calendar)));
    const planId = `kill-${randomUUID().slice(0, 8)}`;
    const plan = { ...catalog, plan: { ...catalog.plan, id: planId } };
    const tasks = targetFactsOf(plan.plan);
    const taskQueue = `worker-kill-supervision-${randomUUID()}`;
    const env = workerEnv(taskQueue);
    const client = new Client({ connection });
    const streamsLike = async (prefix: string) =>
      (
        await pool.query<{ stream_id: string; events: string }>(
          'select stream_id, count(*) as events from events where stream_id like $1 group by stream_id',
          [`${prefix}%`],
        )
      ).rows.map((row) => ({ streamId: row.stream_id, events: Number(row.events) }));
    const noticeStreams = () => streamsLike(`notice-${planId}-`);
    const targetStreams = () => streamsLike(`target-${planId}-`);
    // Per task: run 0 opens January; run i opens month i+1 and records month i missing; the last records December missing.
    const expectedTarget = (taskId: string) =>
      [
        ['ReportingPeriodOpened', months[0]],
        ...months.slice(1).flatMap((month, i) => [
          ['ReportingPeriodOpened', month],
          ['PeriodReportMissing', months[i]],
        ]),
        ['PeriodReportMissing', months.at(-1)],
      ].map(([type, period]) => [type, taskId, period]);

    const first = await startWorkerProcess(env);
    workers.push(first);
    try {
      const published = { planId, version: 1, contentHash: 'kill', plan: plan.plan, units: plan.units, taskForce: plan.taskForce };
      expect(await superviseTasksOf(client, published, taskQueue)).toBe(tasks.length);
      // Killed as soon as the first notice is in the store, with the others (and most of the year) still to come.
      await eventually(async () => ((await noticeStreams()).length > 0 ? true : undefined), 60_000);
      first.kill('SIGKILL');
      // Most of the year's supervision, and most notices, were still to come when it died.
      const atKill = await targetStreams();
      expect(atKill.reduce((n, stream) => n + stream.events, 0)).toBeLessThan(tasks.length * expectedTarget('').length);

      const second = await startWorkerProcess(env);
      workers.push(second);
      const done = async () => {
        const [notices, targets] = await Promise.all([noticeStreams(), targetStreams()]);
        const complete =
          notices.length >= tasks.length &&
          targets.length === tasks.length &&
          targets.every((stream) => stream.events >= expectedTarget('').length);
        return complete ? true : undefined;
      };
      // A year of 44 tasks' supervision on a restarted worker: minutes on a loaded 2-core machine.
      await eventually(done, 300_000);
      // Nothing is still in flight that could append after the check: no workflow waits on an activity.
      const ids = tasks.flatMap((facts) => [targetWorkflowId(facts.taskId), noticeWorkflowId(`${facts.taskId}.report_missing.1`)]);
      const settled = async () => {
        const pending = await Promise.all(ids.map(async (id) => (await client.workflow.getHandle(id).describe()).raw.pendingActivities));
        return pending.every((activities) => !activities?.length) ? true : undefined;
      };
      await eventually(settled, 60_000);

      // Every task has exactly one notice stream for its cause, named by task, cause and count, and no other.
      const notices = (await noticeStreams()).map((stream) => stream.streamId).sort();
      expect(notices).toEqual(tasks.map((facts) => noticeWorkflowId(`${facts.taskId}.report_missing.1`)).sort());
      for (const facts of tasks) {
        const stream = await store.readStream<NoticeEvent>(noticeWorkflowId(`${facts.taskId}.report_missing.1`));
        expect(stream.map((e) => e.version)).toEqual(stream.map((_, i) => i + 1));
        expect(new Set(stream.map((e) => e.eventId)).size).toBe(stream.length);
        const issued = stream.flatMap((e) => (e.type === 'NoticeIssued' ? [e.data] : []));
        expect(issued).toHaveLength(1);
        expect(stream[0]!.type).toBe('NoticeIssued');
        expect(issued[0]).toMatchObject({
          taskId: facts.taskId,
          level: 'red',
          cause: 'report_missing',
          periods: months,
          matter: expect.stringContaining(months.map(monthLabel).join('、')),
        });
        // Issued with every missing month: no month is added to it later, none told twice.
        expect(stream.filter((e) => e.type === 'NoticePeriodAdded')).toEqual([]);

        // Supervision's own stream: each period opened once and recorded missing once, in order.
        const target = await store.readStream<TargetEvent>(targetWorkflowId(facts.taskId));
        expect(target.map((e) => [e.type, e.data.taskId, e.data.period])).toEqual(expectedTarget(facts.taskId));
        expect(target.map((e) => e.version)).toEqual(target.map((_, i) => i + 1));
        expect(new Set(target.map((e) => e.eventId)).size).toBe(target.length);
      }
      expect(await store.verify()).toMatchObject({ ok: true });
    } finally {
      // The notices' deadline timers and the year's last supervision run would outlive this suite's workers.
      await Promise.all(
        tasks.flatMap((facts) => [
          client.workflow
            .getHandle(targetWorkflowId(facts.taskId))
            .terminate('test over')
            .catch(() => undefined),
          client.workflow
            .getHandle(noticeWorkflowId(`${facts.taskId}.report_missing.1`))
            .terminate('test over')
            .catch(() => undefined),
        ]),
      );
    }
  }, 480_000);
});
