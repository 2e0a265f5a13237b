import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Actor } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import {
  approveExtensionUpdate,
  extensionWorkflow,
  extensionWorkflowId,
  issueNoticeUpdate,
  noticeSummaryQuery,
  noticeWorkflow,
  noticeWorkflowId,
  refuseExtensionUpdate,
  requestExtensionUpdate,
  targetWorkflow,
  targetWorkflowId,
  type RequestExtensionInput,
} from '@ledger/workflows';
import { createTestDatabase } from '../support/database';
import { recordHistory } from '../support/histories';
import { startTimeSkipping, timeSkippingWorker } from '../support/time-skipping';

const hrss: Actor = { actorId: 'u-hrss', role: 'submitter', unitId: 'hrss' };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
// A plan of a year still ahead, so every day asked for is in the future of the test server's clock.
const plan = { year: 2099, calendar: { period: 'monthly' as const, deadlineDay: 25 } };

/** The 延期申请 workflow on the SDK's time-skipping server, over a real event store. */
describe('an extension request as a workflow', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  let pool: ReturnType<typeof createPool>;

  beforeAll(async () => {
    env = await startTimeSkipping();
    pool = createPool(await createTestDatabase('extensions'));
    store = new PostgresEventStore(pool);
    await store.migrate();
  });
  afterAll(async () => {
    await env?.teardown();
    await pool?.end();
  });

  const types = async (streamId: string) => (await store.readStream(streamId)).map((event) => event.type);
  const task = () => ({ planId: 'p', taskId: `p-P04-${randomUUID().slice(0, 8)}`, leadUnits: ['hrss'] });

  it('approved for a notice, moves the notice’s response deadline through the notice’s workflow', async () => {
    const taskQueue = `extensions-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const [noticeId, extensionId] = [randomUUID(), randomUUID()];
    const ofTask = task();
    await worker.runUntil(async () => {
      const notice = await env.client.workflow.start(noticeWorkflow, {
        workflowId: noticeWorkflowId(noticeId),
        taskQueue,
        args: [{ noticeId }],
      });
      const issued = (await notice.executeUpdate(issueNoticeUpdate, {
        args: [
          {
            actor: coordinator,
            correlationId: 'n1',
            task: ofTask,
            level: 'yellow',
            cause: 'manual',
            matter: '请说明原因',
            periods: [],
            dueDate: '2099-03-10',
          },
        ],
      }))!;
      const handle = await env.client.workflow.start(extensionWorkflow, {
        workflowId: extensionWorkflowId(extensionId),
        taskQueue,
        args: [{ extensionId }],
      });
      const ask: RequestExtensionInput = {
        actor: hrss,
        correlationId: 'x1',
        task: ofTask,
        plan,
        noticeId,
        notice: { taskId: ofTask.taskId, unitIds: issued.unitIds, status: issued.status, dueAt: issued.dueAt },
        until: '2099-03-20',
        reason: '需等待省级批复',
      };
      expect(await handle.executeUpdate(requestExtensionUpdate, { args: [ask] })).toMatchObject({ status: 'requested', noticeId });
      // The unit does not decide its own request; refusals leave nothing.
      await expect(handle.executeUpdate(approveExtensionUpdate, { args: [{ actor: hrss, correlationId: 'x2' }] })).rejects.toMatchObject({
        cause: { type: 'forbidden' },
      });
      expect(
        await handle.executeUpdate(approveExtensionUpdate, { args: [{ actor: office, correlationId: 'x3', comment: '同意' }] }),
      ).toMatchObject({
        status: 'approved',
      });
      expect(await handle.result()).toMatchObject({ status: 'approved', until: '2099-03-20' });
      expect(await types(`extension-${extensionId}`)).toEqual(['ExtensionRequested', 'ExtensionApproved']);

      expect(await notice.query(noticeSummaryQuery)).toMatchObject({ dueAt: '2099-03-20T15:59:59.999Z' });
      // (Time skipped while the test waited for the result: the unsigned notice has risen a level too.)
      const moved = (await store.readStream(`notice-${noticeId}`)).find((event) => event.type === 'NoticeDeadlineExtended');
      expect(moved).toMatchObject({ type: 'NoticeDeadlineExtended', data: { extensionId, dueAt: '2099-03-20T15:59:59.999Z' } });
      await recordHistory(handle, 'extension-notice-approved');
      await notice.terminate('test done');
    });
  });

  const completed = async (handle: { describe(): Promise<{ status: { name: string } }> }) => {
    while ((await handle.describe()).status.name === 'RUNNING') await new Promise((resolve) => setTimeout(resolve, 50));
  };

  it('refused with a reason, leaves the deadline as it was', async () => {
    const taskQueue = `extensions-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const extensionId = randomUUID();
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(extensionWorkflow, {
        workflowId: extensionWorkflowId(extensionId),
        taskQueue,
        args: [{ extensionId }],
      });
      await handle.executeUpdate(requestExtensionUpdate, {
        args: [{ actor: hrss, correlationId: 'x1', task: task(), plan, period: '2099-06', until: '2099-07-31', reason: '人手不足' }],
      });
      await expect(
        handle.executeUpdate(refuseExtensionUpdate, { args: [{ actor: office, correlationId: 'x2', reason: ' ' }] }),
      ).rejects.toMatchObject({
        cause: { type: 'invalid_input' },
      });
      await handle.executeUpdate(refuseExtensionUpdate, { args: [{ actor: office, correlationId: 'x3', reason: '理由不充分' }] });
      expect(await handle.result()).toMatchObject({ status: 'refused', comment: '理由不充分' });
      expect(await types(`extension-${extensionId}`)).toEqual(['ExtensionRequested', 'ExtensionRefused']);
    });
  });

  it('approved for a period, is recorded and told to the task’s supervision workflow; without one, it is only logged', async () => {
    const taskQueue = `extensions-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const supervised = task();
    await worker.runUntil(async () => {
      const target = await env.client.workflow.start(targetWorkflow, {
        workflowId: targetWorkflowId(supervised.taskId),
        taskQueue,
        args: [{ facts: { ...supervised, year: 2099, indicators: [] }, calendar: plan.calendar }],
      });
      for (const [ofTask, extensionId] of [
        [supervised, randomUUID()],
        [task(), randomUUID()],
      ] as const) {
        const handle = await env.client.workflow.start(extensionWorkflow, {
          workflowId: extensionWorkflowId(extensionId),
          taskQueue,
          args: [{ extensionId }],
        });
        await handle.executeUpdate(requestExtensionUpdate, {
          args: [{ actor: hrss, correlationId: 'x1', task: ofTask, plan, period: '2099-06', until: '2099-07-31', reason: '统计口径调整' }],
        });
        await handle.executeUpdate(approveExtensionUpdate, { args: [{ actor: office, correlationId: 'x2' }] });
        // Not awaiting the result, which would let the server skip time through the supervision's year.
        await completed(handle);
        const approved = (await store.readStream(`extension-${extensionId}`)).at(-1)!;
        expect(approved).toMatchObject({
          type: 'ExtensionApproved',
          data: { taskId: ofTask.taskId, period: '2099-06', until: '2099-07-31' },
          metadata: { actorId: 'u-office' },
        });
        if (ofTask === supervised) await recordHistory(handle, 'extension-period-approved');
      }
      const signals = (await target.fetchHistory()).events!.flatMap((event) =>
        event.workflowExecutionSignaledEventAttributes ? [event.workflowExecutionSignaledEventAttributes.signalName] : [],
      );
      expect(signals).toEqual(['periodDeadlineExtended']);
      await target.terminate('test done');
    });
  });
});
