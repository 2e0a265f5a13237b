import type { Dashboard } from '@ledger/read-models';
import type { TargetHistory } from '../audit/target-history';
import { historyFileName, historyWorkbook, monthlyFileName, monthlyWorkbook } from './workbooks';

/** Every cell's text of every sheet: what a person opening the file reads. */
function wordsOf(workbook: ReturnType<typeof historyWorkbook>): string[] {
  const words: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => typeof cell.value === 'string' && words.push(cell.value))));
  return words;
}

const CODES = /\b(ReportSubmitted|ReportSignedOff|PeriodReportMissing|signed_off|in_review|P01-1|P01-2)\b|\d{4}-\d{2}-\d{2}T/;

describe('the exported files, as a person reads them', () => {
  it('are named in Chinese', () => {
    expect(monthlyFileName('2025-12')).toBe('月度进度表（2025年12月）.xlsx');
    expect(historyFileName('hengyang-2025-P01', 'xlsx')).toBe('审计记录（P01）.xlsx');
  });

  it('the 月报 says its month and the moment it stands at in China time, not an ISO instant', () => {
    const board = {
      plan: { id: 'hengyang-2025', title: '2025年民生补短提质攻坚实施方案', year: 2025 },
      asOf: '2026-01-25T16:00:00.000Z',
      schedulePercent: 100,
      counts: { completed: 0, onTrack: 0, behind: 0, overdue: 0 },
      notices: { open: { blue: 0, yellow: 0, red: 0, total: 0 } },
      sections: [],
    } as unknown as Dashboard;
    const sheet = monthlyWorkbook(board, '2025-12', new Map()).getWorksheet('月报')!;
    expect(sheet.getCell('A1').value).toBe('2025年民生补短提质攻坚实施方案 月报（2025年12月）');
    // The deadline, midnight in China, reads as the end of the day before.
    expect(sheet.getCell('A2').value).toBe('截至2026年1月25日，序时进度 100%');
  });

  it('a task’s history names indicators, months and statuses in words, times in China time', () => {
    const history = {
      taskId: 'hengyang-2025-P01',
      asOf: '2025-12-31T16:00:00.000Z',
      position: 3,
      state: {
        indicators: [{ id: 'P01-1', name: '补充配置电脑', value: 20000, percent: 51.55 }],
        reports: [{ id: 'r1', period: '2025-11', status: 'signed_off', revision: 1 }],
        notices: [],
        urges: [],
        extensions: [],
        instructions: [],
      },
      events: [
        {
          position: 2,
          type: 'ReportSubmitted',
          label: '提交',
          period: '2025-11',
          at: '2025-12-10T02:00:00.000Z',
          recordedAt: '2025-12-10T02:00:00.000Z',
          actorId: 'a1',
          role: 'submitter',
          reportId: 'r1',
          values: [{ indicatorId: 'P01-1', value: 20000 }],
        },
        {
          position: 3,
          type: 'PeriodReportMissing',
          label: '逾期未报',
          period: '2025-12',
          at: '2026-01-25T16:00:00.000Z',
          recordedAt: '2026-01-25T16:00:00.000Z',
          actorId: 'system',
          role: 'system',
        },
      ],
    } as TargetHistory;
    const book = historyWorkbook(history);
    const words = wordsOf(book);
    expect(words.filter((word) => CODES.test(word))).toEqual([]);
    const events = book.getWorksheet('事件')!.getSheetValues().slice(2) as unknown[][];
    expect(events.map((row) => [row[2], row[3], row[9]])).toEqual([
      ['提交（2025年11月）', '2025年12月10日 10:00', '补充配置电脑：20000'],
      ['逾期未报（2025年12月）', '2026年1月26日 00:00', ''],
    ]);
    expect((book.getWorksheet('报告')!.getRow(2).values as unknown[]).slice(2, 4)).toEqual(['2025年11月', '已签发']);
  });
});
