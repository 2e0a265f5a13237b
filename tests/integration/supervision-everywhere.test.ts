import { superviseEveryPublishedPlan, superviseTasksOf } from '@ledger/bootstrap';
import type { PlanPublished } from '@ledger/domain';
import { loadCatalog, DEFAULT_SEED } from '@ledger/plan-catalog';
import { publishPlan } from '@ledger/plan-import';
import { targetStateQuery, targetWorkflowId } from '@ledger/workflows';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const root = join(__dirname, '../..');

/**
 * Supervision follows the published plan wherever it runs: every task of a published plan gets
 * its `target-…` workflow, and a newer version reaches the running ones.
 */
describe('supervision of every published plan', () => {
  let system: TestSystem;
  // A plan of its own, for a year to come (nothing falls due while the test runs), with two tasks.
  const seed = loadCatalog(join(root, DEFAULT_SEED.planFile), join(root, DEFAULT_SEED.unitsFile));
  const planId = `revise-${randomUUID().slice(0, 8)}`;
  const section = seed.plan.sections[0]!;
  const category = { ...section.categories[0]!, tasks: section.categories[0]!.tasks.slice(0, 2) };
  const v1 = {
    ...seed,
    plan: { ...seed.plan, id: planId, year: new Date().getUTCFullYear() + 1, sections: [{ ...section, categories: [category] }] },
  };
  const taskIds = category.tasks.map((task) => `${planId}-${task.code}`);
  const stateOf = (taskId: string) => system.services.temporal.workflow.getHandle(targetWorkflowId(taskId)).query(targetStateQuery);

  beforeAll(async () => {
    system = await startTestSystem('supervision_everywhere', { supervision: false });
  });
  afterAll(async () => {
    for (const taskId of taskIds)
      await system.services.temporal.workflow
        .getHandle(targetWorkflowId(taskId))
        .terminate('test over')
        .catch(() => undefined);
    await system?.stop();
  });

  it('starts every task of the published plans, once however often it is asked', async () => {
    await publishPlan(system.storage.store, v1);
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const { taskQueue } = system.config;
    // Two workers starting at once, and again: one workflow per task.
    const counts = await Promise.all(
      [1, 2].map(() => superviseEveryPublishedPlan(system.services.temporal, system.storage.store, system.storage.pool, taskQueue)),
    );
    expect(counts.every((count) => count >= taskIds.length)).toBe(true);
    for (const taskId of taskIds) expect(await eventually(async () => (await stateOf(taskId)).planVersion || undefined)).toBe(1);
  });

  it('brings a newer plan version to the running workflows, and ignores an older one told late', async () => {
    const first = category.tasks[0]!;
    const revisedTask = {
      ...first,
      indicators: first.indicators.map((indicator) => ({ ...indicator, target: (indicator.target ?? 0) + 100 })),
    };
    const v2 = {
      ...v1,
      plan: { ...v1.plan, sections: [{ ...section, categories: [{ ...category, tasks: [revisedTask, category.tasks[1]!] }] }] },
    };
    const published = await publishPlan(system.storage.store, v2);
    expect(published).toMatchObject({ version: 2, published: true });
    const asPublished = (catalog: typeof v1, version: number): PlanPublished => ({
      planId,
      version,
      contentHash: `v${version}`,
      plan: catalog.plan,
      units: catalog.units,
      taskForce: catalog.taskForce,
    });
    await superviseTasksOf(system.services.temporal, asPublished(v2, 2), system.config.taskQueue);
    await superviseTasksOf(system.services.temporal, asPublished(v1, 1), system.config.taskQueue); // late and older: ignored
    const revised = await eventually(async () => {
      const state = await stateOf(taskIds[0]!);
      return state.planVersion === 2 ? state : undefined;
    });
    expect(revised.facts.indicators.map((indicator) => indicator.target)).toEqual(
      revisedTask.indicators.map((indicator) => indicator.target),
    );
    expect((await stateOf(taskIds[1]!)).planVersion).toBe(2);
  });
});
