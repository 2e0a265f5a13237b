import { Workbook, type Row, type Worksheet } from 'exceljs';
import type { Dashboard } from '@ledger/read-models';
import { NOTICE_LEVEL_LABELS } from '@ledger/domain';
import { NOTICE_CAUSE_LABELS, NOTICE_STATUS_LABELS, REPORT_STATUS_LABELS, ROLE_LABELS } from '../audit/labels';
import type { TargetHistory } from '../audit/target-history';

export const MONTHLY_COLUMNS = ['任务', '指标', '目标值', '完成值', '完成率', '序时进度', '状态', '牵头单位'] as const;
export const MONTHLY_SHEET = '月报';
/** Title, schedule line, header: the rows above the first section. */
export const MONTHLY_HEADER_ROWS = 3;

const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const fill = (argb: string) => ({ type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb } });
const FILLS = { header: 'FFD9E1F2', section: 'FFB4C6E7', category: 'FFEDEDED' };

/**
 * 月报: the whole plan as the period's report shows it, laid out like the plan — section and
 * category headings across the width, one row per indicator with the task merged over its rows.
 * Percentages are numbers (0.5155 shown as 51.55%).
 */
export function monthlyWorkbook(board: Dashboard, period: string, unitNames: ReadonlyMap<string, string>): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'minsheng-ledger';
  const sheet = workbook.addWorksheet(MONTHLY_SHEET, {
    views: [{ state: 'frozen', ySplit: MONTHLY_HEADER_ROWS }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  spanned(sheet, sheet.addRow([`${board.plan.title} 月报（${period}）`])).font = { bold: true, size: 14 };
  spanned(sheet, sheet.addRow([`截至 ${board.asOf}，序时进度 ${board.schedulePercent}%`]));
  header(sheet.addRow([...MONTHLY_COLUMNS]));

  for (const section of board.sections) {
    heading(sheet, `${section.code}、${section.title}`, FILLS.section);
    for (const category of section.categories) {
      heading(sheet, category.title, FILLS.category);
      for (const task of category.tasks) {
        const first = sheet.rowCount + 1;
        const leads = task.leadUnits.map((code) => unitNames.get(code) ?? code).join('、');
        const indicators = task.indicators.length > 0 ? task.indicators : [undefined];
        for (const indicator of indicators) {
          const row = sheet.addRow([
            `${task.code} ${task.title}`,
            indicator?.name ?? '',
            indicator?.target ?? null,
            indicator?.value ?? null,
            indicator?.percent === null || indicator?.percent === undefined ? null : indicator.percent / 100,
            board.schedulePercent / 100,
            task.status,
            leads,
          ]);
          row.eachCell({ includeEmpty: true }, (cell) => {
            cell.border = border;
            cell.alignment = { vertical: 'middle', wrapText: true };
          });
          row.getCell(3).numFmt = '#,##0.###';
          row.getCell(4).numFmt = '#,##0.###';
          row.getCell(5).numFmt = '0.00%';
          row.getCell(6).numFmt = '0.00%';
        }
        const last = sheet.rowCount;
        if (last > first) {
          for (const column of [1, 6, 7, 8]) sheet.mergeCells(first, column, last, column);
        }
      }
    }
  }
  [32, 30, 14, 14, 10, 10, 10, 24].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  return workbook;
}

export const HISTORY_SHEETS = { about: '说明', indicators: '指标', reports: '报告', notices: '督办单', events: '事件' } as const;

/** A target's history as replayed: its state at the moment, then every event that led there, in words rather than codes. */
export function historyWorkbook(history: TargetHistory): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'minsheng-ledger';
  const about = workbook.addWorksheet(HISTORY_SHEETS.about);
  about.addRows([
    ['任务', history.taskId],
    ['截至', history.asOf],
    ['日志位置', history.position],
  ]);
  about.getColumn(1).font = { bold: true };
  about.getColumn(2).width = 40;
  const indicators = workbook.addWorksheet(HISTORY_SHEETS.indicators, { views: [{ state: 'frozen', ySplit: 1 }] });
  header(indicators.addRow(['指标', '完成值', '完成率(%)']));
  for (const i of history.state.indicators) indicators.addRow([i.id, i.value, i.percent]);

  const reports = workbook.addWorksheet(HISTORY_SHEETS.reports, { views: [{ state: 'frozen', ySplit: 1 }] });
  header(reports.addRow(['报告', '期间', '状态', '版本']));
  for (const r of history.state.reports)
    reports.addRow([r.id, r.period, REPORT_STATUS_LABELS[r.status as keyof typeof REPORT_STATUS_LABELS] ?? r.status, r.revision]);

  const notices = workbook.addWorksheet(HISTORY_SHEETS.notices, { views: [{ state: 'frozen', ySplit: 1 }] });
  header(notices.addRow(['督办单', '级别', '事由', '督办事项', '状态', '下发时间', '签收期限', '反馈期限', '可销号']));
  for (const n of history.state.notices) {
    notices.addRow([
      n.id,
      NOTICE_LEVEL_LABELS[n.level],
      NOTICE_CAUSE_LABELS[n.cause],
      n.matter,
      NOTICE_STATUS_LABELS[n.status],
      n.issuedAt,
      n.acknowledgeBy,
      n.dueAt,
      n.causeCleared ? '是' : '否',
    ]);
  }
  [38, 12, 14, 40, 10, 26, 26, 26, 8].forEach((width, index) => (notices.getColumn(index + 1).width = width));

  const events = workbook.addWorksheet(HISTORY_SHEETS.events, { views: [{ state: 'frozen', ySplit: 1 }] });
  header(events.addRow(['位置', '事件', '时间', '操作人', '角色', '报告', '督办单', '意见/理由', '数值']));
  for (const e of history.events) {
    events.addRow([
      e.position,
      e.label,
      e.at,
      e.actorId,
      ROLE_LABELS[e.role] ?? e.role,
      e.reportId ?? '',
      e.noticeId ?? '',
      e.comment ?? '',
      e.values ? e.values.map((v) => `${v.indicatorId}=${v.value}`).join('; ') : '',
    ]);
  }
  [8, 22, 26, 38, 12, 38, 38, 30, 40].forEach((width, index) => (events.getColumn(index + 1).width = width));
  return workbook;
}

function header(row: Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = fill(FILLS.header);
    cell.border = border;
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
  });
}

function heading(sheet: Worksheet, text: string, color: string): void {
  const row = spanned(sheet, sheet.addRow([text]));
  row.font = { bold: true };
  row.getCell(1).fill = fill(color);
}

function spanned(sheet: Worksheet, row: Row): Row {
  sheet.mergeCells(row.number, 1, row.number, MONTHLY_COLUMNS.length);
  return row;
}
