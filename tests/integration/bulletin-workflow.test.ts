import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Actor, BulletinFigures } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import {
  approveBulletinUpdate,
  bulletinWorkflow,
  draftBulletinUpdate,
  editBulletinCommentaryUpdate,
  readBulletinUpdate,
} from '@ledger/workflows';
import { createTestDatabase } from '../support/database';
import { recordHistory } from '../support/histories';
import { startTimeSkipping, timeSkippingWorker } from '../support/time-skipping';

const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const edu: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const hrss: Actor = { actorId: 'u-hrss', role: 'submitter', unitId: 'hrss' };
const figures = (schedulePercent: number): BulletinFigures => ({
  plan: { id: 'p', title: '民生实事', year: 2025 },
  period: '2025-06',
  asOf: '2025-07-25T16:00:00.000Z',
  schedulePercent,
  headline: { tasks: 1, completed: 0, onTrack: 0, behind: 1, overdue: 0, openNotices: { blue: 0, yellow: 0, red: 0, total: 0 } },
  categories: [],
  units: [],
  laggingTasks: [],
  redNotices: [],
  instructions: [],
});

/** The 督查通报 workflow on the SDK's time-skipping server, over a real event store. */
describe('a monthly bulletin as a workflow', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  let pool: ReturnType<typeof createPool>;

  beforeAll(async () => {
    env = await startTimeSkipping();
    pool = createPool(await createTestDatabase('bulletins'));
    store = new PostgresEventStore(pool);
    await store.migrate();
  });
  afterAll(async () => {
    await env?.teardown();
    await pool?.end();
  });

  it('is drafted, commented, signed off once, read by each member unit, and corrected by a new version', async () => {
    const taskQueue = `bulletins-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const bulletinId = `bulletin-p${randomUUID().slice(0, 8)}-2025-06`;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(bulletinWorkflow, {
        workflowId: bulletinId,
        taskQueue,
        args: [{ bulletinId, closesAt: '2027-01-01T00:00:00.000Z' }],
      });
      const draft = (correlationId: string, schedulePercent: number) =>
        handle.executeUpdate(draftBulletinUpdate, {
          args: [
            {
              actor: coordinator,
              correlationId,
              planId: 'p',
              period: '2025-06',
              figures: figures(schedulePercent),
              memberUnits: ['edu', 'hrss'],
            },
          ],
        });
      expect(await draft('b1', 56.7)).toMatchObject({ status: 'draft', draft: { version: 1 } });
      await handle.executeUpdate(editBulletinCommentaryUpdate, {
        args: [{ actor: coordinator, correlationId: 'b2', text: '上半年总体平稳' }],
      });
      // A unit reads nothing before it is signed off, and does not sign off.
      await expect(handle.executeUpdate(readBulletinUpdate, { args: [{ actor: edu, correlationId: 'b3' }] })).rejects.toMatchObject({
        cause: { type: 'invalid_state' },
      });
      await expect(handle.executeUpdate(approveBulletinUpdate, { args: [{ actor: edu, correlationId: 'b4' }] })).rejects.toMatchObject({
        cause: { type: 'forbidden' },
      });
      expect(await handle.executeUpdate(approveBulletinUpdate, { args: [{ actor: office, correlationId: 'b5' }] })).toMatchObject({
        status: 'published',
        published: { version: 1, commentary: '上半年总体平稳' },
      });
      await expect(handle.executeUpdate(approveBulletinUpdate, { args: [{ actor: office, correlationId: 'b6' }] })).rejects.toMatchObject({
        cause: { type: 'invalid_state' },
      });
      for (const unit of [edu, hrss, edu])
        await handle.executeUpdate(readBulletinUpdate, { args: [{ actor: unit, correlationId: `${unit.unitId}-${randomUUID()}` }] });
      // A correction: version 2, signed off again; version 1 stays on record as superseded.
      expect(await draft('b7', 57.1)).toMatchObject({ status: 'draft', draft: { version: 2 }, published: { version: 1 } });
      const corrected = await handle.executeUpdate(approveBulletinUpdate, { args: [{ actor: office, correlationId: 'b8' }] });
      expect(corrected).toMatchObject({ status: 'published', published: { version: 2, readBy: [] }, superseded: [{ version: 1 }] });
      const events = await store.readStream(bulletinId);
      expect(events.map((e) => e.type)).toEqual([
        'BulletinDrafted',
        'BulletinCommentaryEdited',
        'BulletinPublished',
        'BulletinRead',
        'BulletinRead',
        'BulletinDrafted',
        'BulletinPublished',
      ]);
      expect(events[2]!.data).toMatchObject({ figures: { schedulePercent: 56.7 }, memberUnits: ['edu', 'hrss'] });
      expect(events[6]!.data).toMatchObject({ figures: { schedulePercent: 57.1 }, supersedes: 1 });
      await recordHistory(handle, 'bulletin-published-read-corrected');
    });
  });
});
