import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Actor } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import {
  acknowledgeInstructionUpdate,
  instructionWorkflow,
  instructionWorkflowId,
  recordInstructionUpdate,
  reportOnInstructionUpdate,
} from '@ledger/workflows';
import { createTestDatabase } from '../support/database';
import { recordHistory } from '../support/histories';
import { startTimeSkipping, timeSkippingWorker } from '../support/time-skipping';

const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const data: Actor = { actorId: 'u-data', role: 'submitter', unitId: 'data' };
const hrss: Actor = { actorId: 'u-hrss', role: 'submitter', unitId: 'hrss' };
const taskForce = {
  convener: { unit: 'gov', position: '分管副市长' },
  deputyConveners: [
    { unit: 'gov', position: '协管副秘书长' },
    { unit: 'hrss', position: '主要负责人' },
  ],
};

/** The 领导批示 workflow on the SDK's time-skipping server, over a real event store. */
describe('a leadership instruction as a workflow', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  let pool: ReturnType<typeof createPool>;

  beforeAll(async () => {
    env = await startTimeSkipping();
    pool = createPool(await createTestDatabase('instructions'));
    store = new PostgresEventStore(pool);
    await store.migrate();
  });
  afterAll(async () => {
    await env?.teardown();
    await pool?.end();
  });

  it('is recorded, read (阅示) and reported on (落实情况) by each co-lead unit, then ends', async () => {
    const taskQueue = `instructions-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const instructionId = randomUUID();
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(instructionWorkflow, {
        workflowId: instructionWorkflowId(instructionId),
        taskQueue,
        args: [{ instructionId }],
      });
      const recorded = await handle.executeUpdate(recordInstructionUpdate, {
        args: [
          {
            actor: office,
            correlationId: 'i1',
            task: { planId: 'p', taskId: 'p-P16', leadUnits: ['data', 'hrss'] },
            by: 'deputy_convener',
            byUnit: 'hrss',
            taskForce,
            text: '一网通办率须在三季度末前达标',
          },
        ],
      });
      expect(recorded).toMatchObject({ status: 'recorded', by: { role: 'deputy_convener', unit: 'hrss', position: '主要负责人' } });
      // Reporting before reading is refused, and leaves nothing.
      await expect(
        handle.executeUpdate(reportOnInstructionUpdate, { args: [{ actor: data, correlationId: 'i2', text: '已部署' }] }),
      ).rejects.toMatchObject({ cause: { type: 'invalid_state' } });
      for (const unit of [data, hrss]) {
        await handle.executeUpdate(acknowledgeInstructionUpdate, { args: [{ actor: unit, correlationId: `${unit.unitId}-read` }] });
        await handle.executeUpdate(reportOnInstructionUpdate, {
          args: [{ actor: unit, correlationId: `${unit.unitId}-report`, text: `${unit.unitId} 已召开专题会部署` }],
        });
      }
      expect(await handle.result()).toMatchObject({ status: 'reported', acknowledgedBy: ['data', 'hrss'] });
      const events = await store.readStream(`instruction-${instructionId}`);
      expect(events.map((e) => e.type)).toEqual([
        'InstructionRecorded',
        'InstructionAcknowledged',
        'InstructionCarriedOut',
        'InstructionAcknowledged',
        'InstructionCarriedOut',
      ]);
      await recordHistory(handle, 'instruction-co-led-reported');
    });
  });
});
