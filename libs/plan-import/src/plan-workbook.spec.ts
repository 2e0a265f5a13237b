import { join, resolve } from 'node:path';
import { Workbook, type Worksheet } from 'exceljs';
import type { PlanPublished } from '@ledger/domain';
import { DEFAULT_SEED, allTasks, catalogDigest, loadCatalog } from '@ledger/plan-catalog';
import { PLAN_SHEET_COLUMNS, PLAN_SHEET_HEADER_ROWS, PLAN_SHEET_NAME, planSheetRows, planWorkbook } from './index';

const repoRoot = resolve(__dirname, '../../..');
const catalog = loadCatalog(join(repoRoot, DEFAULT_SEED.planFile), join(repoRoot, DEFAULT_SEED.unitsFile));
const published: PlanPublished = { planId: catalog.plan.id, version: 3, contentHash: catalogDigest(catalog), ...catalog };
const tasks = allTasks(catalog.plan);
const unitName = (code: string) => catalog.units.find((unit) => unit.code === code)!.name;
const col = (name: (typeof PLAN_SHEET_COLUMNS)[number]) => PLAN_SHEET_COLUMNS.indexOf(name) + 1;

describe('planSheetRows', () => {
  const rows = planSheetRows(published);

  it('follows the text: section, group and category headings, then the indicators of each task in order', () => {
    const headings = rows.filter((row) => row.kind === 'heading').map((row) => row.text);
    expect(headings.slice(0, 4)).toEqual(['二、攻坚任务', '(一)办好省定十大重点民生实事', '1.促进教育高质量发展', '2.促进高质量充分就业']);
    expect(headings).toContain('10.加强农业农村基础设施建设');
    expect(headings).toContain('(二)办好市十大重点民生实事');
    // The group heading appears once, not before each of its ten categories.
    expect(headings.filter((text) => text.startsWith('(一)'))).toHaveLength(1);
    const categories = catalog.plan.sections.flatMap((section) => section.categories);
    expect(rows.filter((row) => row.kind === 'heading' && row.level === 'category')).toHaveLength(categories.length);

    const indicatorRows = rows.flatMap((row) => (row.kind === 'indicator' ? [row.indicator.id] : []));
    expect(indicatorRows).toEqual(tasks.flatMap((task) => task.indicators.map((indicator) => indicator.id)));
  });

  it('names the lead units, and on a co-led task the co-lead owning each indicator', () => {
    const leadsOf = (id: string) => rows.flatMap((row) => (row.kind === 'indicator' && row.indicator.id === id ? [row.leads] : []))[0];
    expect(leadsOf('P01-1')).toBe(unitName('edu'));
    expect(leadsOf('P16-2')).toBe(unitName('data'));
    expect(leadsOf('P16-8')).toBe(unitName('hrss'));
  });
});

describe('planWorkbook', () => {
  let sheet: Worksheet;

  beforeAll(async () => {
    const buffer = await planWorkbook(published).xlsx.writeBuffer();
    const workbook = new Workbook();
    await workbook.xlsx.load(buffer as ArrayBuffer);
    sheet = workbook.getWorksheet(PLAN_SHEET_NAME)!;
  });

  it('opens with the plan’s title and version above a frozen header', () => {
    expect(sheet.getCell(1, 1).value).toBe(`${catalog.plan.city}${catalog.plan.title}（第 3 版）`);
    expect(sheet.getRow(PLAN_SHEET_HEADER_ROWS).values).toEqual([undefined, ...PLAN_SHEET_COLUMNS]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: PLAN_SHEET_HEADER_ROWS });
  });

  it('has a row for every heading and indicator', () => {
    expect(sheet.rowCount).toBe(PLAN_SHEET_HEADER_ROWS + planSheetRows(published).length);
  });

  it('merges a task over its indicators and a heading over the whole width', () => {
    const rowOf = (id: string) => {
      let found = 0;
      sheet.eachRow((row, number) => {
        if (row.getCell(col('编号')).value === id) found = number;
      });
      return found;
    };
    const first = rowOf('P12-1');
    const last = rowOf('P12-6');
    const master = sheet.getCell(first, col('任务'));
    expect(master.value).toBe(`P12 ${tasks.find((task) => task.code === 'P12')!.title}`);
    for (let row = first + 1; row <= last; row++) expect(sheet.getCell(row, col('任务')).master.address).toBe(master.address);
    expect(sheet.getCell(last + 1, col('任务')).master.address).not.toBe(master.address);

    const heading = sheet.getCell(PLAN_SHEET_HEADER_ROWS + 1, 1);
    expect(heading.value).toBe('二、攻坚任务');
    expect(sheet.getCell(PLAN_SHEET_HEADER_ROWS + 1, PLAN_SHEET_COLUMNS.length).master.address).toBe(heading.address);
  });

  it('keeps targets as numbers in base units and leaves them empty where there is no number', () => {
    const cells = new Map<string, unknown>();
    sheet.eachRow((row, number) => {
      const id = row.getCell(col('编号'));
      if (number > PLAN_SHEET_HEADER_ROWS && !id.isMerged) cells.set(String(id.value), row.getCell(col('目标值')).value);
    });
    const indicators = tasks.flatMap((task) => task.indicators);
    expect([...cells.keys()]).toEqual(indicators.map((indicator) => indicator.id));
    for (const indicator of indicators) expect(cells.get(indicator.id)).toBe(indicator.target); // null: milestone, qualitative
    expect(indicators.some((indicator) => indicator.target === null)).toBe(true);
    expect(indicators.some((indicator) => !Number.isInteger(indicator.target ?? 0))).toBe(true);
  });

  it('sets every column to a readable width', () => {
    PLAN_SHEET_COLUMNS.forEach((_, index) => {
      expect(sheet.getColumn(index + 1).width).toBeGreaterThanOrEqual(6);
      expect(sheet.getColumn(index + 1).width).toBeLessThanOrEqual(50);
    });
  });
});
