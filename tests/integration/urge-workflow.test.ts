import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { acknowledgeUrgeUpdate, urgeSummaryQuery, urgeTaskUpdate, urgeWorkflow, urgeWorkflowId } from '@ledger/workflows';
import { createTestDatabase } from '../support/database';
import { recordHistory } from '../support/histories';
import { startTimeSkipping, timeSkippingWorker } from '../support/time-skipping';

const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const transport: Actor = { actorId: 'u-transport', role: 'submitter', unitId: 'transport' };
const post: Actor = { actorId: 'u-post', role: 'submitter', unitId: 'post' };
const edu: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };

/** The 催报 workflow on the SDK's time-skipping server, over a real event store. */
describe('an urge to report as a workflow', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  let pool: ReturnType<typeof createPool>;

  beforeAll(async () => {
    env = await startTimeSkipping();
    pool = createPool(await createTestDatabase('urges'));
    store = new PostgresEventStore(pool);
    await store.migrate();
  });
  afterAll(async () => {
    await env?.teardown();
    await pool?.end();
  });

  it('is recorded once per task and period, and ends when every lead unit has acknowledged it', async () => {
    const taskQueue = `urges-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    // A co-led task (市交通运输局、市邮政管理局); a fresh id per run, as the stream store is shared.
    const urgeId = `p-P15-${randomUUID().slice(0, 8)}-2025-06`;
    const task = { planId: 'p', taskId: 'p-P15', leadUnits: ['transport', 'post'] };
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(urgeWorkflow, { workflowId: urgeWorkflowId(urgeId), taskQueue, args: [{ urgeId }] });
      const urge = { actor: coordinator, correlationId: 'c1', task, period: '2025-06', message: '请尽快报送', reported: false };
      expect(await handle.executeUpdate(urgeTaskUpdate, { args: [urge] })).toMatchObject({
        id: urgeId,
        status: 'urged',
        unitIds: ['transport', 'post'],
      });
      // A second urge of the same task and period is refused by the rules, and leaves no event.
      await expect(handle.executeUpdate(urgeTaskUpdate, { args: [{ ...urge, correlationId: 'c2' }] })).rejects.toMatchObject({
        cause: { type: 'invalid_state' },
      });
      await expect(handle.executeUpdate(acknowledgeUrgeUpdate, { args: [{ actor: edu, correlationId: 'c3' }] })).rejects.toMatchObject({
        cause: { type: 'forbidden' },
      });
      await handle.executeUpdate(acknowledgeUrgeUpdate, { args: [{ actor: transport, correlationId: 'c4' }] });
      await handle.executeUpdate(acknowledgeUrgeUpdate, { args: [{ actor: transport, correlationId: 'c5' }] });
      expect(await handle.query(urgeSummaryQuery)).toMatchObject({ status: 'urged', acknowledgedBy: ['transport'] });
      await handle.executeUpdate(acknowledgeUrgeUpdate, { args: [{ actor: post, correlationId: 'c6' }] });
      expect(await handle.result()).toMatchObject({ status: 'acknowledged', acknowledgedBy: ['transport', 'post'] });

      const events = await store.readStream(`urge-${urgeId}`);
      expect(events.map((e) => e.type)).toEqual(['TaskUrged', 'TaskUrgeAcknowledged', 'TaskUrgeAcknowledged']);
      expect(events.map((e) => e.metadata.actorId)).toEqual(['u-coord', 'u-transport', 'u-post']);
      await recordHistory(handle, 'urge-co-led-acknowledged');
    });
  });
});
