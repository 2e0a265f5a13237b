import { chinaTime } from '@ledger/notifications';
import { Workbook, type Row, type Worksheet } from 'exceljs';
import type { Dashboard } from '@ledger/read-models';
import {
  monthLabel,
  NOTICE_LEVEL_LABELS,
  PROGRESS_STATUS_LABELS,
  REPORTING_STATUS_LABELS,
  TASK_FORCE_LEADER_LABELS,
  TASK_LIGHT_LABELS,
} from '@ledger/domain';
import {
  EXTENSION_STATUS_LABELS,
  INSTRUCTION_STATUS_LABELS,
  NOTICE_CAUSE_LABELS,
  NOTICE_STATUS_LABELS,
  REPORT_STATUS_LABELS,
  ROLE_LABELS,
  URGE_STATUS_LABELS,
} from '../audit/labels';
import type { TargetHistory } from '../audit/target-history';
import { asOfText } from '../bulletins/documents';

/** The 月报's file: 月度进度表（2025年12月）.xlsx (…（筛选）.xlsx for a filtered view), for Content-Disposition's filename*. */
export const monthlyFileName = (period: string, filtered = false) =>
  `月度进度表（${monthLabel(period)}）${filtered ? '（筛选）' : ''}.xlsx`;

/** A task's audit record: 审计记录（P01）.xlsx, named by the task's code (the last part of its id). */
export const historyFileName = (taskId: string, extension: 'xlsx' | 'json') => `审计记录（${taskId.split('-').pop()}）.${extension}`;

// 报送情况, 进度情况 and 红黄绿灯 come after the columns the 月报 always had, so those keep their places.
export const MONTHLY_COLUMNS = [
  '任务',
  '指标',
  '目标值',
  '完成值',
  '完成率',
  '序时进度',
  '状态',
  '牵头单位',
  '报送情况',
  '进度情况',
  '红黄绿灯',
] as const;
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
  spanned(sheet, sheet.addRow([`${board.plan.title} 月报（${monthLabel(period)}）`])).font = { bold: true, size: 14 };
  spanned(sheet, sheet.addRow([`截至${asOfText(board.asOf)}，序时进度 ${board.schedulePercent}%`]));
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
            REPORTING_STATUS_LABELS[task.reporting],
            PROGRESS_STATUS_LABELS[task.progress],
            TASK_LIGHT_LABELS[task.light],
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
          for (const column of [1, 6, 7, 8, 9, 10, 11]) sheet.mergeCells(first, column, last, column);
        }
      }
    }
  }
  [32, 30, 14, 14, 10, 10, 10, 24, 10, 10, 8].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  return workbook;
}

export const HISTORY_SHEETS = {
  about: '说明',
  indicators: '指标',
  reports: '报告',
  notices: '督办单',
  urges: '催报',
  extensions: '延期申请',
  instructions: '领导批示',
  events: '事件',
} as const;

/**
 * A target's history as replayed: its state at the moment, then every event that led there, in
 * words rather than codes, times in China time. Units are named by `unitNames` (code → name).
 */
export function historyWorkbook(history: TargetHistory, unitNames: ReadonlyMap<string, string> = new Map()): Workbook {
  const unit = (code: string) => unitNames.get(code) ?? code;
  const units = (codes: readonly string[]) => codes.map(unit).join('、');
  const indicatorName = (id: string) => history.state.indicators.find((i) => i.id === id)?.name ?? id;
  const matterOf = (noticeId: string | undefined) =>
    noticeId === undefined ? '' : (history.state.notices.find((n) => n.id === noticeId)?.matter ?? '');
  const workbook = new Workbook();
  workbook.creator = 'minsheng-ledger';
  const about = workbook.addWorksheet(HISTORY_SHEETS.about);
  about.addRows([
    ['任务', history.taskId],
    ['截至', chinaTime(history.asOf)],
    ['日志位置', history.position],
  ]);
  about.getColumn(1).font = { bold: true };
  about.getColumn(2).width = 40;
  const indicators = workbook.addWorksheet(HISTORY_SHEETS.indicators, { views: [{ state: 'frozen', ySplit: 1 }] });
  header(indicators.addRow(['指标', '完成值', '完成率(%)']));
  for (const i of history.state.indicators) indicators.addRow([i.name, i.value, i.percent]);

  const reports = workbook.addWorksheet(HISTORY_SHEETS.reports, { views: [{ state: 'frozen', ySplit: 1 }] });
  header(reports.addRow(['报告', '期间', '状态', '版本']));
  for (const r of history.state.reports)
    reports.addRow([
      r.id,
      monthLabel(r.period),
      REPORT_STATUS_LABELS[r.status as keyof typeof REPORT_STATUS_LABELS] ?? r.status,
      r.revision,
    ]);

  const notices = sheet(workbook, HISTORY_SHEETS.notices, [
    ['督办单', 38],
    ['级别', 12],
    ['事由', 14],
    ['督办事项', 40],
    ['状态', 10],
    ['下发时间', 20],
    ['签收期限', 20],
    ['反馈期限', 20],
    ['可销号', 8],
  ]);
  for (const n of history.state.notices) {
    notices.addRow([
      n.id,
      NOTICE_LEVEL_LABELS[n.level],
      NOTICE_CAUSE_LABELS[n.cause],
      n.matter,
      NOTICE_STATUS_LABELS[n.status],
      chinaTime(n.issuedAt),
      chinaTime(n.acknowledgeBy),
      chinaTime(n.dueAt),
      n.causeCleared ? '是' : '否',
    ]);
  }

  const urges = sheet(workbook, HISTORY_SHEETS.urges, [
    ['期间', 12],
    ['催报单位', 30],
    ['催报内容', 40],
    ['状态', 10],
    ['催报时间', 20],
    ['已阅单位', 30],
  ]);
  for (const u of history.state.urges) {
    urges.addRow([
      monthLabel(u.period),
      units(u.unitIds),
      u.message ?? '',
      URGE_STATUS_LABELS[u.status],
      chinaTime(u.urgedAt),
      units(u.acknowledgedBy),
    ]);
  }

  const extensions = sheet(workbook, HISTORY_SHEETS.extensions, [
    ['延期事项', 30],
    ['申请单位', 24],
    ['原期限', 20],
    ['申请延至', 16],
    ['理由', 36],
    ['状态', 10],
    ['申请时间', 20],
    ['审批时间', 20],
    ['审批意见', 36],
  ]);
  for (const x of history.state.extensions) {
    extensions.addRow([
      x.period === undefined ? `督办单反馈：${matterOf(x.noticeId)}` : `${monthLabel(x.period)}进展报告`,
      unit(x.unitId),
      chinaTime(x.deadline),
      dayLabel(x.until),
      x.reason,
      EXTENSION_STATUS_LABELS[x.status],
      chinaTime(x.requestedAt),
      x.decidedAt === undefined ? '' : chinaTime(x.decidedAt),
      x.comment ?? '',
    ]);
  }

  const instructions = sheet(workbook, HISTORY_SHEETS.instructions, [
    ['批示领导', 30],
    ['批示内容', 40],
    ['所涉督办单', 30],
    ['落实单位', 24],
    ['状态', 14],
    ['批示时间', 20],
    ['已阅示单位', 24],
    ['落实情况', 50],
  ]);
  for (const i of history.state.instructions) {
    instructions.addRow([
      `${TASK_FORCE_LEADER_LABELS[i.by.role]}（${unit(i.by.unit)}${i.by.position}）`,
      i.text,
      matterOf(i.noticeId),
      units(i.unitIds),
      INSTRUCTION_STATUS_LABELS[i.status],
      chinaTime(i.recordedAt),
      units(i.acknowledgedBy),
      i.reports.map((r) => `${unit(r.unitId)}（${chinaTime(r.at)}）：${r.text}`).join('\n'),
    ]);
  }

  const events = sheet(workbook, HISTORY_SHEETS.events, [
    ['位置', 8],
    ['事件', 22],
    ['时间', 20],
    ['操作人', 38],
    ['角色', 12],
    ['报告', 38],
    ['督办单', 38],
    ['意见/理由', 30],
    ['数值', 40],
    ['事项', 12],
  ]);
  for (const e of history.events) {
    events.addRow([
      e.position,
      e.period === undefined ? e.label : `${e.label}（${monthLabel(e.period)}）`,
      chinaTime(e.at),
      e.actorId,
      ROLE_LABELS[e.role] ?? e.role,
      e.reportId ?? '',
      e.noticeId ?? '',
      e.comment ?? '',
      e.values ? e.values.map((v) => `${indicatorName(v.indicatorId)}：${v.value}`).join('；') : '',
      e.urgeId ? HISTORY_SHEETS.urges : e.extensionId ? HISTORY_SHEETS.extensions : e.instructionId ? HISTORY_SHEETS.instructions : '',
    ]);
  }
  return workbook;
}

/** A sheet of rows under a frozen header, its columns named and sized. */
function sheet(workbook: Workbook, name: string, columns: ReadonlyArray<readonly [string, number]>): Worksheet {
  const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  header(worksheet.addRow(columns.map(([title]) => title)));
  columns.forEach(([, width], index) => (worksheet.getColumn(index + 1).width = width));
  return worksheet;
}

/** A day written YYYY-MM-DD → 2025年12月25日. */
function dayLabel(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : day;
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
