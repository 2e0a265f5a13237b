import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createSupervisionProjector, openStorage, type Storage } from '@ledger/bootstrap';
import { DEFAULT_CHAIN, reportStreamId, type Actor, type TargetEvent } from '@ledger/domain';
import { nameBasedEventId } from '@ledger/event-store';
import {
  acknowledgeNoticeUpdate,
  approveUpdate,
  closeNoticeUpdate,
  noticeWorkflowId,
  respondNoticeUpdate,
  OPERATION_FAILURES_STREAM,
  reportWorkflow,
  submitUpdate,
  summaryQuery,
  targetWorkflow,
  targetWorkflowId,
  type OperationFailureInput,
} from '@ledger/workflows';
import { createActivities } from '../../apps/worker/src/activities';
import { createTestDatabase } from '../support/database';
import { startTimeSkipping, timeSkippingWorker, nextYearTask } from '../support/time-skipping';

const unit: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const metadata = {
  actorId: 'intruder',
  role: 'admin',
  unitId: null,
  correlationId: 'x',
  causationId: null,
  workflowId: null,
  schemaVersion: 1,
};

/** What workflows do when the event store refuses them for good, or when the workflow they tell is not running. */
describe('workflows facing failures', () => {
  let env: TestWorkflowEnvironment;
  let storage: Storage;
  let databaseUrl: string;

  beforeAll(async () => {
    env = await startTimeSkipping();
    databaseUrl = await createTestDatabase('workflow_failures');
    storage = await openStorage(databaseUrl);
  });
  afterAll(async () => {
    await env?.teardown();
    await storage?.close();
  });

  it('halts a report whose stream was written by someone else: the operation fails at once, an operator record, nothing retried', async () => {
    const taskQueue = `failures-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, storage.store);
    const reportId = randomUUID();
    // An event the workflow did not write: its first append can never succeed.
    await storage.store.append(reportStreamId(reportId), 'no_stream', [
      { eventId: nameBasedEventId(`forged/${reportId}`), type: 'Forged', data: {}, metadata },
    ]);
    const task = { planId: 'p', taskId: 'p-P01', leadUnits: ['edu'], indicatorIds: ['P01-1'], year: 2025 };
    const submit = {
      actor: unit,
      task,
      period: '2025-06',
      values: [{ indicatorId: 'P01-1', value: 1 }],
      narrative: '',
      chain: DEFAULT_CHAIN,
    };

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(reportWorkflow, { workflowId: `report-${reportId}`, taskQueue, args: [{ reportId }] });
      const started = Date.now();
      const failure = await handle.executeUpdate(submitUpdate, { args: [{ ...submit, correlationId: 'c1' }] }).catch((error) => error);
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(failure.cause).toBeInstanceOf(ApplicationFailure);
      expect(failure.cause.type).toBe('OperationFailed');
      // Not retried until some timeout: the activity's failure is non-retryable.
      expect(Date.now() - started).toBeLessThan(10_000);

      const failures = await storage.store.readStream<{ type: 'OperationFailed'; data: OperationFailureInput }>(OPERATION_FAILURES_STREAM);
      expect(failures.map((event) => event.data)).toEqual([
        expect.objectContaining({
          streamId: reportStreamId(reportId),
          expectedVersion: 0,
          eventTypes: ['ReportSubmitted'],
          reason: 'WrongExpectedVersion',
        }),
      ]);

      // The report is halted: a second operation is refused before it reaches the store.
      const again = await handle.executeUpdate(submitUpdate, { args: [{ ...submit, correlationId: 'c2' }] }).catch((error) => error);
      expect(again.cause.type).toBe('OperationFailed');
      expect((await storage.store.readStream(reportStreamId(reportId))).map((event) => event.type)).toEqual(['Forged']);
      expect(await storage.store.readStream(OPERATION_FAILURES_STREAM)).toHaveLength(1);
      expect((await handle.query(summaryQuery)).status).toBe('empty');
      await handle.terminate('test done');
    });
  });

  it('signs off while the task has no supervision running, and supervision counts it when it starts', async () => {
    const { year, facts, task } = await nextYearTask(env, 'P01', 1000);
    const taskQueue = `catch-up-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, storage.store, storage.pool);
    // The projector keeps the report list that indexes a task's report streams.
    const projector = createSupervisionProjector(databaseUrl, storage.dataSource, storage.store);
    await projector.start();
    const reportId = randomUUID();

    try {
      await worker.runUntil(async () => {
        const report = await env.client.workflow.start(reportWorkflow, {
          workflowId: `report-${reportId}`,
          taskQueue,
          args: [{ reportId }],
        });
        const by = (actor: Actor, correlationId: string) => ({ actor, correlationId });
        await report.executeUpdate(submitUpdate, {
          args: [
            {
              ...by(unit, 'c1'),
              task,
              period: `${year}-01`,
              values: [{ indicatorId: 'P01-1', value: 400 }],
              narrative: '',
              chain: DEFAULT_CHAIN,
            },
          ],
        });
        await report.executeUpdate(approveUpdate, { args: [by(coordinator, 'c2')] });
        // Signed off with nobody to tell: the sign-off itself succeeds.
        expect((await report.executeUpdate(approveUpdate, { args: [by(office, 'c3')] })).status).toBe('signed_off');
        await waitFor(async () => (await storage.pool.query('select 1 from rm_reports where id = $1', [reportId])).rowCount === 1);

        const target = await env.client.workflow.start(targetWorkflow, {
          workflowId: targetWorkflowId(facts.taskId),
          taskQueue,
          args: [{ facts, calendar: { period: 'monthly', deadlineDay: 25 } }],
        });
        await env.sleep('1 hour');
        const events = await storage.store.readStream<TargetEvent>(targetWorkflowId(facts.taskId));
        const recorded = events.filter((event) => event.type === 'ProgressRecorded');
        expect(recorded.map((event) => event.data)).toEqual([
          expect.objectContaining({
            reportId,
            period: `${year}-01`,
            indicators: [expect.objectContaining({ indicatorId: 'P01-1', value: 400 })],
          }),
        ]);
        await target.terminate('test done');
      });
    } finally {
      await projector.stop();
    }
  });
  it('does not start a notice again under the id of one that is closed', async () => {
    const taskQueue = `restart-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, storage.store);
    const activities = createActivities({ store: storage.store, client: env.client, reportIdsOfTask: async () => [] });
    const noticeId = randomUUID();
    const issue = {
      actor: coordinator,
      correlationId: 'n1',
      task: { planId: 'p', taskId: 'p-P01', leadUnits: ['edu'] },
      level: 'blue' as const,
      cause: 'manual' as const,
      matter: '请按时报送',
      periods: [],
    };
    const start = () =>
      activities.startWorkflow({
        workflowType: 'noticeWorkflow',
        workflowId: noticeWorkflowId(noticeId),
        taskQueue,
        args: [{ noticeId, issue }],
      });

    await worker.runUntil(async () => {
      expect(await start()).toEqual({ started: true });
      const notice = env.client.workflow.getHandle(noticeWorkflowId(noticeId));
      await waitFor(async () => (await storage.store.readStream(noticeWorkflowId(noticeId))).length === 1);
      await notice.executeUpdate(acknowledgeNoticeUpdate, { args: [{ actor: unit, correlationId: 'n2' }] });
      await notice.executeUpdate(respondNoticeUpdate, {
        args: [{ actor: unit, correlationId: 'n3', measures: '已报送', expectedBy: '2099-12-31', evidence: [] }],
      });
      await notice.executeUpdate(closeNoticeUpdate, { args: [{ actor: office, correlationId: 'n4' }] });
      await notice.result();
      // A start retried after the notice was closed (销号) starts nothing and writes nothing.
      expect(await start()).toEqual({ started: false });
      expect((await storage.store.readStream(noticeWorkflowId(noticeId))).map((event) => event.type)).toEqual([
        'NoticeIssued',
        'NoticeAcknowledged',
        'NoticeResponded',
        'NoticeClosed',
      ]);
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
