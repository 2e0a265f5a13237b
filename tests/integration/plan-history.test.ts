import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStorage, type Storage } from '@ledger/bootstrap';
import { planStreamId, taskId, type PlanEvent } from '@ledger/domain';
import { DEFAULT_SEED, allTasks, loadCatalog } from '@ledger/plan-catalog';
import { IndicatorRow, PlanRow } from '@ledger/read-models';
import { runCli } from '../../apps/cli/src/cli';
import { createTestDatabase } from '../support/database';

const repoRoot = resolve(__dirname, '../..');
const seedPlan = join(repoRoot, DEFAULT_SEED.planFile);
const seedUnits = join(repoRoot, DEFAULT_SEED.unitsFile);
const seed = loadCatalog(seedPlan, seedUnits);
const planId = seed.plan.id;
const original = allTasks(seed.plan).find((task) => task.code === 'P01')!.indicators[0]!; // P01-1 补充配置电脑
const changedTarget = original.target! + 1199;

/** The seed with one target changed, written as a plan file of its own. */
function changedCopy(): string {
  const text = readFileSync(seedPlan, 'utf8');
  const line = `target: ${original.target}\n`;
  expect(text.split(line)).toHaveLength(2); // the edit hits exactly that indicator
  const file = join(mkdtempSync(join(tmpdir(), 'plan-changed-')), 'plan.yaml');
  writeFileSync(file, text.replace(line, `target: ${changedTarget}\n`));
  return file;
}

const targetIn = (event: PlanEvent) =>
  allTasks(event.data.plan)
    .flatMap((task) => task.indicators)
    .find((indicator) => indicator.id === original.id)!.target;

describe('plan versions: importing the same plan changes nothing, a changed plan is a new version', () => {
  let env: NodeJS.ProcessEnv;
  let storage: Storage;
  const stream = planStreamId(planId);
  const importPlan = async (file: string) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['plan', 'import', file, '--units', seedUnits], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    return stdout;
  };
  const show = async (code: string) => {
    let stdout = '';
    await runCli(['plan', 'show', code], { stdout: (t) => (stdout += t), stderr: () => undefined, env });
    return stdout;
  };

  beforeAll(async () => {
    env = { DATABASE_URL: await createTestDatabase('plan_history') };
    storage = await openStorage(env.DATABASE_URL!);
  });
  afterAll(() => storage?.close());

  it('publishes the seed once, however often it is imported', async () => {
    expect(await importPlan(seedPlan)).toContain(`plan ${planId} version 1: published`);
    const afterFirst = { events: await storage.store.readStream(stream), position: await storage.store.lastPosition() };
    expect(afterFirst.events).toHaveLength(1);

    expect(await importPlan(seedPlan)).toContain(`plan ${planId} version 1: unchanged`);
    expect(await storage.store.readStream(stream)).toEqual(afterFirst.events);
    expect(await storage.store.lastPosition()).toBe(afterFirst.position);
  });

  it('publishes a changed copy as version 2 and keeps version 1 in the history', async () => {
    const before = await storage.store.lastPosition();
    expect(await importPlan(changedCopy())).toContain(`plan ${planId} version 2: published`);

    const events = await storage.store.readStream<PlanEvent>(stream);
    expect(events.map((event) => [event.type, event.version, event.data.version])).toEqual([
      ['PlanPublished', 1, 1],
      ['PlanPublished', 2, 2],
    ]);
    expect(events[1]!.position).toBe(before + 1);
    expect(targetIn(events[0]!)).toBe(original.target);
    expect(targetIn(events[1]!)).toBe(changedTarget);
    expect(events[0]!.data.contentHash).not.toBe(events[1]!.data.contentHash);
  });

  it('serves the new version from the read models', async () => {
    expect(await show('P01')).toContain(
      `${original.id}  ${original.name}  ${original.kind}  ${original.comparator} ${changedTarget} ${original.unit}`,
    );
    const row = await storage.dataSource
      .getRepository(IndicatorRow)
      .findOneByOrFail({ taskId: taskId(planId, 'P01'), indicatorId: original.id });
    expect(row.target).toBe(changedTarget);
    expect(await storage.dataSource.getRepository(PlanRow).findOneByOrFail({ id: planId })).toMatchObject({ version: 2 });
  });

  it('treats the original content, imported again, as a further version rather than rewriting history', async () => {
    expect(await importPlan(seedPlan)).toContain(`plan ${planId} version 3: published`);
    const events = await storage.store.readStream<PlanEvent>(stream);
    expect(events.map(targetIn)).toEqual([original.target, changedTarget, original.target]);
    expect(await show('P01')).toContain(`${original.comparator} ${original.target} ${original.unit}`);
    expect((await storage.store.verify()).ok).toBe(true);
  });
});
