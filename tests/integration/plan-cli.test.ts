import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Workbook } from 'exceljs';
import { openStorage, type Storage } from '@ledger/bootstrap';
import { percentOfTarget, reportStreamId, taskId, type ReportSignedOff } from '@ledger/domain';
import { DEFAULT_SEED, allTasks, loadCatalog, type Catalog } from '@ledger/plan-catalog';
import { PLAN_SHEET_COLUMNS, PLAN_SHEET_HEADER_ROWS, PLAN_SHEET_NAME } from '@ledger/plan-import';
import { runCli } from '../../apps/cli/src/cli';
import { createTestDatabase } from '../support/database';

const repoRoot = resolve(__dirname, '../..');
const seedPlan = join(repoRoot, DEFAULT_SEED.planFile);
const catalog: Catalog = loadCatalog(seedPlan, join(repoRoot, DEFAULT_SEED.unitsFile));
const indicators = allTasks(catalog.plan).flatMap((task) => task.indicators.map((indicator) => ({ task, indicator })));

describe('the plan CLI against a real database', () => {
  let env: NodeJS.ProcessEnv;
  let storage: Storage;
  const run = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
    return { code, stdout, stderr };
  };

  beforeAll(async () => {
    env = { DATABASE_URL: await createTestDatabase('plan_cli') };
    storage = await openStorage(env.DATABASE_URL!);
  });
  afterAll(() => storage?.close());

  it('says so when no plan is published yet', async () => {
    const shown = await run('plan', 'show', 'P01');
    expect(shown.code).toBe(1);
    expect(shown.stderr).toMatch(/no plan is published yet/);
  });

  it('imports the seed plan', async () => {
    const imported = await run('plan', 'import', seedPlan);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(
      new RegExp(`plan ${catalog.plan.id} version 1: published \\(44 tasks, ${indicators.length} indicators\\)`),
    );
  });

  it('shows a co-led task from the read models, naming both leads and each indicator', async () => {
    const shown = await run('plan', 'show', 'p16'); // task codes are read case-insensitively
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    const task = allTasks(catalog.plan).find((t) => t.code === 'P16')!;
    const name = (code: string) => catalog.units.find((unit) => unit.code === code)!.name;
    expect(shown.stdout).toContain(`P16 ${task.title}`);
    expect(shown.stdout).toContain(`lead units: ${task.leadUnits.map(name).join('、')}`);
    for (const indicator of task.indicators) {
      const line = shown.stdout.split('\n').find((l) => l.trim().startsWith(`${indicator.id} `));
      expect(line).toContain(indicator.name);
      expect(line).toContain(indicator.kind);
      if (indicator.target !== null) expect(line).toContain(`${indicator.comparator} ${indicator.target} ${indicator.unit}`);
      expect(line).toContain(`owned by ${name(indicator.ownerUnit!)}`);
    }
    expect(shown.stdout).toContain('no signed-off progress yet');
  });

  it('shows signed-off progress once a report is signed off', async () => {
    const p01 = allTasks(catalog.plan).find((t) => t.code === 'P01')!;
    const [computers, labs] = p01.indicators;
    const reportId = randomUUID();
    // The report workflow writes this event in production; here it is the fixture the projection reads.
    const signedOff: ReportSignedOff = {
      reportId,
      at: '2025-07-20T08:00:00.000Z',
      planId: catalog.plan.id,
      taskId: taskId(catalog.plan.id, 'P01'),
      period: '2025-06',
      stage: 'office_signoff',
      revision: 1,
      values: [
        { indicatorId: computers!.id, value: 20000 },
        { indicatorId: labs!.id, value: 150 },
      ],
    };
    await storage.store.append(reportStreamId(reportId), 'any', [
      {
        eventId: randomUUID(),
        type: 'ReportSignedOff',
        data: signedOff,
        metadata: {
          actorId: 'office',
          role: 'office',
          unitId: 'gov',
          correlationId: reportId,
          causationId: null,
          workflowId: null,
          schemaVersion: 1,
        },
      },
    ]);

    const shown = await run('plan', 'show', 'P01');
    expect(shown.code).toBe(0);
    for (const { indicatorId, value } of signedOff.values) {
      const indicator = p01.indicators.find((i) => i.id === indicatorId)!;
      expect(shown.stdout).toContain(
        `signed off for 2025-06: ${value} ${indicator.unit} (${percentOfTarget(indicator, value)} % of target)`,
      );
    }
  });

  it('refuses an unknown task or plan', async () => {
    expect(await run('plan', 'show', 'X99')).toMatchObject({ code: 1, stderr: expect.stringContaining('has no task X99') });
    expect(await run('plan', 'show', 'P01', '--plan', 'nowhere-2030')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`no published plan "nowhere-2030" (published: ${catalog.plan.id})`),
    });
  });

  it('exports a spreadsheet whose every target number is the catalogue’s', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plan-export-')), 'plan.xlsx');
    const exported = await run('plan', 'export', '--xlsx', file, '--plan', catalog.plan.id);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(exported.stdout).toContain(`${indicators.length} indicator rows`);

    const workbook = new Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet(PLAN_SHEET_NAME)!;
    const col = (name: (typeof PLAN_SHEET_COLUMNS)[number]) => PLAN_SHEET_COLUMNS.indexOf(name) + 1;
    expect(sheet.getRow(PLAN_SHEET_HEADER_ROWS).values).toEqual([undefined, ...PLAN_SHEET_COLUMNS]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: PLAN_SHEET_HEADER_ROWS });

    const rows: { id: string; task: unknown; target: unknown; unit: unknown; comparator: unknown }[] = [];
    sheet.eachRow((row, number) => {
      if (number <= PLAN_SHEET_HEADER_ROWS) return;
      const idCell = row.getCell(col('编号'));
      if (idCell.isMerged) return; // a heading, merged across the whole width
      const id = String(idCell.value);
      rows.push({
        id,
        task: row.getCell(col('任务')).value,
        target: row.getCell(col('目标值')).value,
        unit: row.getCell(col('单位')).value,
        comparator: row.getCell(col('比较')).value,
      });
    });
    expect(rows.map((row) => row.id)).toEqual(indicators.map(({ indicator }) => indicator.id));
    rows.forEach((row, index) => {
      const { task, indicator } = indicators[index]!;
      if (indicator.target === null) expect(row.target).toBeNull();
      else expect(row.target).toBe(indicator.target); // a number cell, in base units
      expect(row.unit).toBe(indicator.unit);
      expect(row.comparator).toBe(indicator.comparator);
      expect(row.task).toBe(`${task.code} ${task.title}`); // merged cells read back as the task's
    });
  });
});
