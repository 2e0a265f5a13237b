import { resolve } from 'node:path';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { reportDeadline, taskId as taskIdOf } from '@ledger/domain';
import { EventNotifier, PostgresEventStore } from '@ledger/event-store';
import { allTasks, DEFAULT_SEED, loadCatalog } from '@ledger/plan-catalog';
import { publishPlan } from '@ledger/plan-import';
import { createPool, migrate } from '@ledger/postgres';
import {
  createReadModelDataSource,
  loadDashboard,
  loadScorecard,
  Projector,
  READ_MODEL_MIGRATIONS,
  rebuildReadModels,
  stageVisits,
  SUPERVISION_PROJECTIONS,
  verifyReadModels,
} from '@ledger/read-models';
import { syntheticReport, type SyntheticTask } from '../../bench/synthetic-reports';
import { createTestDatabase } from '../support/database';

jest.setTimeout(300_000);

const CHECKPOINT = 'supervision';
const root = resolve(__dirname, '../..');

/**
 * The dashboard's task board and the scorecard's unit totals are projections of their own: these
 * checks hold them against what the report rows (rm_reports, every report with its whole history)
 * say, and a rebuild against the live rows.
 */
describe('the dashboard and scorecard read models', () => {
  let url: string;
  let pool: Pool;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let projector: Projector;
  let tasks: SyntheticTask[];

  beforeAll(async () => {
    url = await createTestDatabase('read_model_reads');
    pool = createPool(url);
    store = new PostgresEventStore(pool);
    await store.migrate();
    await migrate(pool, 'read-models', READ_MODEL_MIGRATIONS);
    const catalog = loadCatalog(resolve(root, DEFAULT_SEED.planFile), resolve(root, DEFAULT_SEED.unitsFile));
    await publishPlan(store, catalog);
    tasks = allTasks(catalog.plan).map((task) => ({
      planId: catalog.plan.id,
      taskId: taskIdOf(catalog.plan.id, task.code),
      leadUnits: task.leadUnits,
      indicatorIds: task.indicators.map((indicator) => indicator.id),
    }));
    dataSource = createReadModelDataSource(url);
    await dataSource.initialize();
    projector = new Projector({
      name: CHECKPOINT,
      dataSource,
      store,
      notifier: new EventNotifier(url),
      projections: SUPERVISION_PROJECTIONS,
      pollMs: 100,
      batchSize: 97,
    });
    await projector.start();
    // Reports of every kind (signed off, rejected and resubmitted, urged, withdrawn, left in review), interleaved.
    const reports = Array.from({ length: 400 }, (_, n) => {
      const report = syntheticReport(
        tasks[(n * 7) % tasks.length]!,
        `2025-${String((n % 12) + 1).padStart(2, '0')}`,
        n,
        Date.UTC(2025, 0, 1) + n * 3_600_000 * 5,
      );
      return n % 9 === 0 ? { ...report, events: report.events.slice(0, 2) } : report;
    });
    await Promise.all(
      reports.map(async (report) => {
        for (const [index, event] of report.events.entries()) await store.append(report.streamId, index, [event]);
      }),
    );
    await projector.waitFor(await store.lastPosition(), 120_000);
  });

  afterAll(async () => {
    await projector?.stop();
    await dataSource?.destroy();
    await pool?.end();
  });

  it('keeps one row per task and month, and names the same latest report and reporting as the report rows do', async () => {
    const periods = await pool.query('select count(*)::int as n from rm_task_periods');
    const months = await pool.query('select count(distinct (task_id, period))::int as n from rm_reports');
    expect(periods.rows[0].n).toBe(months.rows[0].n);
    expect(periods.rows[0].n).toBeLessThanOrEqual(tasks.length * 12);

    const reports: Array<{ id: string; task_id: string; period: string; status: string; updated_at: Date; first: string }> = (
      await pool.query(
        `select id, task_id, period, status, updated_at, revisions->0->>'at' as first from rm_reports order by period, updated_at, id`,
      )
    ).rows;
    const board = (await loadDashboard(dataSource, { asOf: '2025-09-30T00:00:00.000Z' }))!;
    for (const task of board.sections.flatMap((s) => s.categories.flatMap((c) => c.tasks))) {
      const own = reports.filter((r) => r.task_id === task.id);
      const live = own.filter((r) => r.status !== 'withdrawn');
      const last = (live.length > 0 ? live : own).at(-1);
      expect({ task: task.id, last: task.lastReport?.id ?? null }).toEqual({ task: task.id, last: last?.id ?? null });
      // August is the latest closed month at the end of September: covered by a live report of August or later.
      const covering = live.filter((r) => r.period >= '2025-08');
      const expected =
        covering.length === 0
          ? 'overdue'
          : Math.min(...covering.map((r) => Date.parse(r.first))) >
              Date.parse(reportDeadline('2025-08', { period: 'monthly', deadlineDay: 25 }))
            ? 'late'
            : 'on_time';
      expect({ task: task.id, reporting: task.reporting }).toEqual({ task: task.id, reporting: expected });
    }
  });

  it("gives each unit's report figures and stage stays as folding its reports' histories gives them", async () => {
    const reports = (await pool.query(`select unit_id, status, chain, history, revisions, period from rm_reports`)).rows;
    const units = [...new Set(reports.map((r) => r.unit_id as string))];
    expect(units.length).toBeGreaterThan(3);
    for (const unitId of units) {
      const own = reports.filter((r) => r.unit_id === unitId);
      const submitted = own.filter((r) => r.status !== 'withdrawn');
      const onTime = submitted.filter(
        (r) => Date.parse(r.revisions[0].at) <= Date.parse(reportDeadline(r.period, { period: 'monthly', deadlineDay: 25 })),
      );
      const returned = own.filter((r) => r.history.some((entry: { type: string }) => entry.type === 'ReportRejected'));
      const stays = new Map<string, { visits: number; ms: number }>();
      for (const report of own) {
        for (const visit of stageVisits(report.chain, report.history)) {
          const total = stays.get(visit.stage) ?? { visits: 0, ms: 0 };
          total.visits += 1;
          total.ms += Date.parse(visit.leftAt) - Date.parse(visit.enteredAt);
          stays.set(visit.stage, total);
        }
      }
      const scorecard = (await loadScorecard(dataSource, unitId, '2025-12-31T00:00:00.000Z'))!;
      expect({ unitId, reports: scorecard.reports }).toEqual({
        unitId,
        reports: { submitted: submitted.length, onTime: onTime.length, late: submitted.length - onTime.length, returned: returned.length },
      });
      const hours = (entries: Array<{ stage: string; visits: number; averageHours: number }>) =>
        [...entries].sort((a, b) => a.stage.localeCompare(b.stage));
      expect({ unitId, stages: hours(scorecard.stageHours) }).toEqual({
        unitId,
        stages: hours(
          [...stays].map(([stage, { visits, ms }]) => ({ stage, visits, averageHours: Math.round((ms / visits / 3_600_000) * 100) / 100 })),
        ),
      });
    }
  });

  it('rebuilds both from the log into rows equal to the live ones', async () => {
    const names = ['task-board', 'unit-scorecard'];
    await rebuildReadModels({ dataSource, store, checkpointName: CHECKPOINT, projections: SUPERVISION_PROJECTIONS, names });
    const verified = await verifyReadModels({ dataSource, store, checkpointName: CHECKPOINT, projections: SUPERVISION_PROJECTIONS });
    const ours = ['rm_board_reports', 'rm_task_periods', 'rm_scorecard_reports', 'rm_unit_scorecards'];
    expect(verified.tables.filter((table) => ours.includes(table.table)).map((table) => table.table)).toEqual(expect.arrayContaining(ours));
    expect(verified.tables.filter((table) => table.onlyLive.length + table.onlyRebuilt.length > 0)).toEqual([]);
    expect(verified.identical).toBe(true);
    const rows = await pool.query('select count(*)::int as n from rm_unit_scorecards');
    expect(rows.rows[0].n).toBeGreaterThan(3);
  });
});
