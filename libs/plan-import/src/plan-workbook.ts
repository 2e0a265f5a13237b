import { Workbook, type Cell, type Fill, type Row, type Worksheet } from 'exceljs';
import type { PlanPublished } from '@ledger/domain';
import type { Category, Indicator, IndicatorKind, Task } from '@ledger/plan-catalog';

/** The sheet's columns, in order: the layout of the plan text's task list, one row per indicator. */
export const PLAN_SHEET_COLUMNS = ['任务', '编号', '指标', '类型', '目标值', '单位', '比较', '牵头单位', '原文'] as const;
export type PlanSheetColumn = (typeof PLAN_SHEET_COLUMNS)[number];

export const PLAN_SHEET_NAME = '任务指标';
/** Rows above the first heading: the plan's title, then the column headers (both frozen). */
export const PLAN_SHEET_HEADER_ROWS = 2;

const KIND_LABELS: Record<IndicatorKind, string> = {
  cumulative: '累计',
  rate: '比率',
  standard: '标准',
  decrease: '降幅',
  milestone: '节点',
  qualitative: '定性',
};

/** A row of the sheet before styling: a heading across the whole width, or one indicator. */
export type PlanSheetRow =
  | { kind: 'heading'; level: 'section' | 'group' | 'category'; text: string }
  | { kind: 'indicator'; task: Task; indicator: Indicator; leads: string };

/**
 * The rows of a published plan in the order of its text: section, group and category headings,
 * then one row per indicator. Lead units are named; an indicator of a co-led task names the
 * co-lead that owns it.
 */
export function planSheetRows(published: PlanPublished): PlanSheetRow[] {
  const names = new Map(published.units.map((unit) => [unit.code, unit.name]));
  const nameOf = (code: string) => names.get(code) ?? code;
  const rows: PlanSheetRow[] = [];
  for (const section of published.plan.sections) {
    rows.push({ kind: 'heading', level: 'section', text: `${section.code}、${section.title}` });
    let group: string | undefined;
    for (const category of section.categories) {
      if (category.group && category.group.code !== group) {
        rows.push({ kind: 'heading', level: 'group', text: `${category.group.code}${category.group.title}` });
      }
      group = category.group?.code;
      rows.push({ kind: 'heading', level: 'category', text: categoryHeading(category) });
      for (const task of category.tasks) {
        for (const indicator of task.indicators) {
          const leads = indicator.ownerUnit ? nameOf(indicator.ownerUnit) : task.leadUnits.map(nameOf).join('、');
          rows.push({ kind: 'indicator', task, indicator, leads });
        }
      }
    }
  }
  return rows;
}

/** "(二)办好市十大重点民生实事"; inside a group, the inner level as the text numbers it: "1.促进教育高质量发展". */
function categoryHeading(category: Category): string {
  const { group } = category;
  if (!group) return `${category.code}${category.title}`;
  const code = category.code.startsWith(group.code) ? category.code.slice(group.code.length) : category.code;
  const prefix = `${group.title} / `;
  const title = category.title.startsWith(prefix) ? category.title.slice(prefix.length) : category.title;
  return `${code}.${title}`;
}

const HEADING_FILLS: Record<'header' | 'section' | 'group' | 'category', string> = {
  header: 'FFD9E1F2',
  section: 'FFB4C6E7',
  group: 'FFD9E1F2',
  category: 'FFEDEDED',
};
const WIDTH_LIMITS: Record<PlanSheetColumn, [number, number]> = {
  任务: [16, 32],
  编号: [8, 10],
  指标: [16, 36],
  类型: [6, 6],
  目标值: [10, 16],
  单位: [6, 14],
  比较: [6, 6],
  牵头单位: [12, 26],
  原文: [20, 50],
};
const WRAPPED: readonly PlanSheetColumn[] = ['任务', '指标', '牵头单位', '原文'];
const column = (name: PlanSheetColumn): number => PLAN_SHEET_COLUMNS.indexOf(name) + 1;

/**
 * The plan as a spreadsheet laid out like its text: a title row and a frozen header, headings
 * across the width, one row per indicator with the task merged over its indicators, targets as
 * numbers in base units (empty for milestones and qualitative duties).
 */
export function planWorkbook(published: PlanPublished): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'minsheng-ledger';
  const sheet = workbook.addWorksheet(PLAN_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: PLAN_SHEET_HEADER_ROWS }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.pageSetup.printTitlesRow = `1:${PLAN_SHEET_HEADER_ROWS}`;

  const { plan } = published;
  const title = sheet.addRow([`${plan.city}${plan.title}（第 ${published.version} 版）`]);
  spanWholeWidth(sheet, title);
  title.font = { bold: true, size: 14 };
  title.height = 24;

  const header = sheet.addRow([...PLAN_SHEET_COLUMNS]);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = solid(HEADING_FILLS.header);
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.border = thinBorder;
  });

  let taskRun: { task: Task; first: number } | undefined;
  let leadRun: { value: string; first: number } | undefined;
  const closeTaskRun = (last: number) => {
    if (taskRun && last > taskRun.first) sheet.mergeCells(taskRun.first, column('任务'), last, column('任务'));
    taskRun = undefined;
  };
  const closeLeadRun = (last: number) => {
    if (leadRun && last > leadRun.first) sheet.mergeCells(leadRun.first, column('牵头单位'), last, column('牵头单位'));
    leadRun = undefined;
  };

  const rows = planSheetRows(published);
  for (const row of rows) {
    const previous = sheet.rowCount;
    if (row.kind === 'heading') {
      closeLeadRun(previous);
      closeTaskRun(previous);
      const added = sheet.addRow([row.text]);
      spanWholeWidth(sheet, added);
      added.font = { bold: true };
      added.getCell(1).fill = solid(HEADING_FILLS[row.level]);
      continue;
    }
    const { task, indicator, leads } = row;
    const added = sheet.addRow([
      `${task.code} ${task.title}`,
      indicator.id,
      indicator.name,
      KIND_LABELS[indicator.kind],
      indicator.target,
      indicator.unit,
      indicator.comparator,
      leads,
      indicator.source,
    ]);
    if (taskRun?.task !== task) {
      closeLeadRun(previous);
      closeTaskRun(previous);
      taskRun = { task, first: added.number };
    }
    if (leadRun?.value !== leads) {
      closeLeadRun(previous);
      leadRun = { value: leads, first: added.number };
    }
    styleIndicatorRow(added, indicator);
  }
  closeLeadRun(sheet.rowCount);
  closeTaskRun(sheet.rowCount);

  setColumnWidths(sheet, rows);
  return workbook;
}

function styleIndicatorRow(row: Row, indicator: Indicator): void {
  row.eachCell({ includeEmpty: true }, (cell: Cell, index: number) => {
    const name = PLAN_SHEET_COLUMNS[index - 1];
    if (!name) return;
    cell.border = thinBorder;
    cell.alignment = { vertical: 'middle', wrapText: WRAPPED.includes(name) };
  });
  if (indicator.target !== null) {
    row.getCell(column('目标值')).numFmt = Number.isInteger(indicator.target) ? '#,##0' : '#,##0.0##';
  }
  row.getCell(column('比较')).alignment = { horizontal: 'center', vertical: 'middle' };
}

/** Widths from the longest text of each column (CJK characters count double), within limits. */
function setColumnWidths(sheet: Worksheet, rows: readonly PlanSheetRow[]): void {
  const widest = new Map<PlanSheetColumn, number>(PLAN_SHEET_COLUMNS.map((name) => [name, displayWidth(name)]));
  for (const row of rows) {
    if (row.kind !== 'indicator') continue;
    const { task, indicator, leads } = row;
    const texts: Record<PlanSheetColumn, string> = {
      任务: `${task.code} ${task.title}`,
      编号: indicator.id,
      指标: indicator.name,
      类型: KIND_LABELS[indicator.kind],
      目标值: indicator.target === null ? '' : indicator.target.toLocaleString('en-US'),
      单位: indicator.unit ?? '',
      比较: indicator.comparator,
      牵头单位: leads,
      原文: indicator.source,
    };
    for (const name of PLAN_SHEET_COLUMNS) widest.set(name, Math.max(widest.get(name)!, displayWidth(texts[name])));
  }
  PLAN_SHEET_COLUMNS.forEach((name, index) => {
    const [min, max] = WIDTH_LIMITS[name];
    sheet.getColumn(index + 1).width = Math.min(max, Math.max(min, widest.get(name)! + 2));
  });
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}

function spanWholeWidth(sheet: Worksheet, row: Row): void {
  sheet.mergeCells(row.number, 1, row.number, PLAN_SHEET_COLUMNS.length);
  row.getCell(1).alignment = { vertical: 'middle' };
}

function solid(argb: string): Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

const thin = { style: 'thin' as const };
const thinBorder = { top: thin, left: thin, bottom: thin, right: thin };
