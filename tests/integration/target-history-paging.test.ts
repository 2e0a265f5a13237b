import { randomUUID } from 'node:crypto';
import { SUPERVISION_CHECKPOINT } from '@ledger/bootstrap';
import {
  extensionStreamId,
  instructionStreamId,
  planStreamId,
  reportStreamId,
  targetStreamId,
  taskId as taskIdOf,
  urgeStreamId,
  type ExtensionEvent,
  type InstructionEvent,
  type PlanEvent,
  type ReportEvent,
  type TargetEvent,
  type UrgeEvent,
} from '@ledger/domain';
import type { Event } from '@ledger/event-store';
import { allTasks } from '@ledger/plan-catalog';
import {
  createReadModelDataSource,
  rebuildReadModels,
  SUPERVISION_PROJECTIONS,
  TASK_SNAPSHOT_INTERVAL,
  verifyReadModels,
  type TaskFold,
} from '@ledger/read-models';
import { foldTargetHistory, historyAtPosition, type TargetStreams } from '../../apps/api/src/audit/target-history';
import { loadDefaultCatalog } from '../../apps/launcher/src/bootstrap';
import { syntheticReport, type SyntheticTask } from '../../bench/synthetic-reports';
import { startTestSystem, type TestSystem } from '../support/system';

jest.setTimeout(300_000);

const P01 = 'hengyang-2025-P01';
const P02 = 'hengyang-2025-P02';

/**
 * A task's history read through its event index and its snapshots must say what folding every
 * stream of the task from the beginning says, at any position, a page at a time.
 */
describe('the task history from snapshots and a paged timeline', () => {
  let system: TestSystem;
  let auditor: string;
  let task: { id: string; planId: string };
  const reader = () => ({ store: system.storage.store, dataSource: system.storage.dataSource });

  /** Every stream of the task cut at the position, found without the history's own index: the whole history folded at once. */
  const streamsAt = async (position: number): Promise<TargetStreams> => {
    const idsIn = async (table: string) =>
      (
        (await system.storage.pool.query(`select id from ${table} where task_id = $1 order by id`, [task.id])).rows as Array<{ id: string }>
      ).map((row) => row.id);
    const read = <E extends Event>(stream: string) => system.storage.store.readStream<E>(stream, { toPosition: position });
    return {
      plan: await read<PlanEvent>(planStreamId(task.planId)),
      target: await read<TargetEvent>(targetStreamId(task.id)),
      reports: await Promise.all((await idsIn('rm_reports')).map((id) => read<ReportEvent>(reportStreamId(id)))),
      urges: await Promise.all((await idsIn('rm_urges')).map((id) => read<UrgeEvent>(urgeStreamId(id)))),
      extensions: await Promise.all((await idsIn('rm_extensions')).map((id) => read<ExtensionEvent>(extensionStreamId(id)))),
      instructions: await Promise.all((await idsIn('rm_instructions')).map((id) => read<InstructionEvent>(instructionStreamId(id)))),
    };
  };
  const snapshots = async () =>
    (
      await system.storage.pool.query(`select position, events, state from rm_task_snapshots where task_id = $1 order by position`, [
        task.id,
      ])
    ).rows.map((row: { position: string; events: number; state: TaskFold }) => ({ ...row, position: Number(row.position) }));
  const ok = async (method: string, path: string, token: string, body: unknown = {}) => {
    const answer = await system.call(method, path, token, body);
    if (answer.status !== 200 && answer.status !== 201)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  beforeAll(async () => {
    system = await startTestSystem('target-history-paging');
    auditor = await system.login('auditor');
    const [coordinator, edu, office] = await Promise.all(['coordinator', 'edu', 'office'].map((u) => system.login(u)));
    const catalog = loadDefaultCatalog();
    const tasks: SyntheticTask[] = allTasks(catalog.plan).map((t) => ({
      planId: catalog.plan.id,
      taskId: taskIdOf(catalog.plan.id, t.code),
      leadUnits: t.leadUnits,
      indicatorIds: t.indicators.map((indicator) => indicator.id),
    }));
    const p01 = tasks.find((t) => t.taskId === P01)!;
    const p02 = tasks.find((t) => t.taskId === P02)!;
    task = { id: P01, planId: p01.planId };
    // Documents of other kinds, through the API (their workflows write them), before and among the reports.
    await ok('POST', '/api/urges', coordinator, { taskIds: [P01], period: '2025-03', message: '请尽快报送' });
    const write = async (from: number, count: number) => {
      // Many reports of P01 (several per period and unit, so later ones take earlier ones' places) and some of P02, interleaved.
      const reports = Array.from({ length: count }, (_, i) => {
        const n = from + i;
        return syntheticReport(
          n % 4 === 3 ? p02 : p01,
          `2025-${String((n % 12) + 1).padStart(2, '0')}`,
          n,
          Date.UTC(2025, 0, 1) + n * 3_600_000,
        );
      });
      await Promise.all(
        reports.map(async (report) => {
          for (const [index, event] of report.events.entries()) await system.storage.store.append(report.streamId, index, [event]);
        }),
      );
    };
    await write(0, 40);
    await ok('POST', '/api/extensions', edu, { taskId: P01, period: '2025-05', until: '2099-01-31', reason: '统计口径调整' });
    await write(40, 40);
    await ok('POST', '/api/instructions', office, { taskId: P01, by: 'convener', text: '请加快推进电脑配置' });
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
  });
  afterAll(() => system?.stop());

  it('answers the state at any position as the whole history folded, at a snapshot, just after it and between', async () => {
    const taken = await snapshots();
    expect(taken.length).toBeGreaterThanOrEqual(3);
    expect(taken.map((s) => s.events)).toEqual(taken.map((_, i) => (i + 1) * TASK_SNAPSHOT_INTERVAL));
    const last = await system.storage.store.lastPosition();
    const positions = [
      ...taken.flatMap((s) => [s.position - 1, s.position, s.position + 1]),
      Math.floor((taken[0]!.position + taken[1]!.position) / 2),
      last,
    ];
    for (const position of positions) {
      const whole = foldTargetHistory(task.id, await streamsAt(position));
      const read = await historyAtPosition(reader(), task, position, 'all');
      expect({ position, state: read.state }).toEqual({ position, state: whole.state });
      expect(read.events).toEqual(whole.events);
      expect(read.events.every((e) => e.position <= position)).toBe(true);
    }
    // A snapshot folds on to what the whole history folds to (foldTargetHistory from a given state).
    const [first, second] = taken;
    const past = (streams: TargetStreams, after: number): TargetStreams => ({
      plan: streams.plan,
      target: streams.target.filter((e) => e.position > after),
      reports: streams.reports.map((s) => s.filter((e) => e.position > after)),
      urges: streams.urges!.map((s) => s.filter((e) => e.position > after)),
      extensions: streams.extensions!.map((s) => s.filter((e) => e.position > after)),
      instructions: streams.instructions!.map((s) => s.filter((e) => e.position > after)),
    });
    const continued = foldTargetHistory(task.id, past(await streamsAt(second!.position), first!.position), first!.state);
    expect(continued.state).toEqual(foldTargetHistory(task.id, await streamsAt(second!.position)).state);
    expect(JSON.parse(JSON.stringify(continued.fold))).toEqual(second!.state);
    // The state holds the current report per period and unit, not every report ever filed.
    const now = await historyAtPosition(reader(), task, last);
    const filed = (await system.storage.pool.query(`select count(*)::int as n from rm_reports where task_id = $1`, [task.id])).rows[0].n;
    expect(filed).toBeGreaterThan(24);
    expect(now.state.reports.length).toBeLessThanOrEqual(12);
    expect(new Set(now.state.reports.map((r) => r.period)).size).toBe(now.state.reports.length);
    expect(now.state.urges.map((u) => u.period)).toEqual(['2025-03']);
    expect(now.state.extensions).toHaveLength(1);
    expect(now.state.instructions).toHaveLength(1);
  });

  it('pages the timeline newest first through the earlier cursor, each event once, as of now and as of a past moment', async () => {
    const all = async (asOf?: string) => {
      const pages: Array<{ positions: number[]; earlier?: string; link: string | null; position: number }> = [];
      let cursor: string | undefined;
      do {
        const query = new URLSearchParams({ limit: '37', ...(asOf ? { asOf } : {}), ...(cursor ? { cursor } : {}) });
        const answer = await system.request('GET', `/api/targets/${P01}/history?${query}`, { token: auditor });
        expect(answer.status).toBe(200);
        const positions = answer.body.events.map((e: { position: number }) => e.position);
        pages.push({ positions, earlier: answer.body.earlier, link: answer.headers.get('link'), position: answer.body.position });
        cursor = answer.body.earlier;
      } while (cursor && pages.length < 100);
      return pages;
    };
    const whole = foldTargetHistory(task.id, await streamsAt(await system.storage.store.lastPosition()));
    const pages = await all();
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.slice(0, -1).every((page) => page.positions.length === 37 && page.link?.includes(`cursor=${page.earlier}`))).toBe(true);
    expect(pages[pages.length - 1]!.link).toBeNull();
    const seen = pages.reverse().flatMap((page) => page.positions);
    expect(seen).toEqual(whole.events.map((e) => e.position));
    expect(new Set(seen).size).toBe(seen.length);

    // As of a past moment: the position recorded by then, and only what was recorded by then, however it is paged.
    const middle = whole.events[Math.floor(whole.events.length / 2)]!;
    const then = await all(middle.recordedAt);
    const position = await system.storage.store.positionAt(new Date(middle.recordedAt));
    expect(then[0]!.position).toBe(position);
    const thenSeen = then.reverse().flatMap((page) => page.positions);
    expect(thenSeen).toEqual(whole.events.filter((e) => e.position <= position).map((e) => e.position));
    // The default page is the latest fifty.
    const first = await system.call('GET', `/api/targets/${P01}/history`, auditor);
    expect(first.body.events.map((e: { position: number }) => e.position)).toEqual(whole.events.slice(-50).map((e) => e.position));
    expect((await system.call('GET', `/api/targets/${P01}/history?limit=201`, auditor)).status).toBe(400);
    expect((await system.call('GET', `/api/targets/${P01}/history?cursor=bm90LWEtY3Vyc29y`, auditor)).status).toBe(400);
  });

  it('reads what the index does not hold yet from the log past it', async () => {
    const taken = await snapshots();
    const stoppedAt = taken[1]!.position - 7;
    const last = await system.storage.store.lastPosition();
    // The index as a stopped projection leaves it: complete only up to the event before the one it stopped at.
    await system.storage.pool.query(
      `insert into projection_failures (projector, projection, position, event_id, event_type, error)
       values ($1, 'task-history', $2, gen_random_uuid(), 'ReportApproved', 'stopped by the test')`,
      [SUPERVISION_CHECKPOINT, stoppedAt],
    );
    try {
      const whole = foldTargetHistory(task.id, await streamsAt(last));
      const read = await historyAtPosition(reader(), task, last, 'all');
      expect(read.state).toEqual(whole.state);
      expect(read.events).toEqual(whole.events);
      const page = await historyAtPosition(reader(), task, last, { limit: 200, before: stoppedAt + 3 });
      expect(page.events.map((e) => e.position)).toEqual(
        whole.events
          .filter((e) => e.position < stoppedAt + 3)
          .slice(-200)
          .map((e) => e.position),
      );
    } finally {
      await system.storage.pool.query(`delete from projection_failures where projection = 'task-history'`);
    }
  });

  it('rebuilds the task history from the log into rows equal to the live ones', async () => {
    // A rebuild creates schemas: as the schema owner, as the CLI runs it.
    const owner = createReadModelDataSource(system.config.databaseUrl!);
    await owner.initialize();
    try {
      const options = {
        dataSource: owner,
        store: system.storage.store,
        checkpointName: SUPERVISION_CHECKPOINT,
        projections: SUPERVISION_PROJECTIONS,
      };
      const rebuilt = await rebuildReadModels({ ...options, names: ['task-history'] });
      expect(rebuilt.tables).toEqual(['rm_task_streams', 'rm_task_events', 'rm_task_folds', 'rm_task_snapshots']);
      const verified = await verifyReadModels(options);
      const ours = verified.tables.filter((table) => rebuilt.tables.includes(table.table));
      expect(ours).toHaveLength(4);
      expect(ours.filter((table) => table.missing + table.extra > 0)).toEqual([]);
      expect(ours.every((table) => table.liveRows > 0)).toBe(true);
    } finally {
      await owner.destroy();
    }
  });

  it('states the indicators as the plan stood at the position, a version published after a read included', async () => {
    const before = await system.storage.store.lastPosition();
    const shownAt = async (position: number) =>
      (await historyAtPosition(reader(), task, position)).state.indicators.find((indicator) => indicator.id === 'P01-1')?.name;
    expect(await shownAt(before)).toBe('补充配置电脑'); // read once: the plan's stream is now known to the reader
    const stream = planStreamId(task.planId);
    const published = (await system.storage.store.readStream<PlanEvent>(stream)).at(-1)!;
    const plan = structuredClone(published.data.plan);
    const p01 = allTasks(plan).find((t) => t.code === 'P01')!;
    p01.indicators = p01.indicators.map((indicator) => (indicator.id === 'P01-1' ? { ...indicator, name: '补充配置教学电脑' } : indicator));
    await system.storage.store.append(stream, published.version, [
      {
        eventId: randomUUID(),
        type: 'PlanPublished',
        data: { ...published.data, version: published.data.version + 1, contentHash: 'edited-in-test', plan },
        metadata: { ...published.metadata, correlationId: randomUUID() },
      },
    ]);
    expect(await shownAt(await system.storage.store.lastPosition())).toBe('补充配置教学电脑');
    expect(await shownAt(before)).toBe('补充配置电脑');
  });
});
