import { Workbook } from 'exceljs';
import type { BulletinFigures } from '@ledger/domain';
import { pdfText } from '../../../../tests/support/pdf-text';
import { attachment, BULLETIN_SHEETS, bulletinHeadline, bulletinPdf, bulletinWorkbook } from './documents';

const figures: BulletinFigures = {
  plan: { id: 'p', title: '2025年民生补短提质攻坚实施方案', year: 2025 },
  period: '2025-06',
  asOf: '2025-07-25T16:00:00.000Z',
  schedulePercent: 56.99,
  headline: { tasks: 2, completed: 0, onTrack: 1, behind: 1, overdue: 0, openNotices: { blue: 0, yellow: 0, red: 1, total: 1 } },
  categories: [{ section: '一、就业', title: '稳就业', tasks: 2, percent: 40, behind: 1, overdue: 0 }],
  units: [
    {
      rank: 1,
      unitId: 'edu',
      name: '市教育局',
      submitted: 2,
      onTime: 2,
      late: 0,
      returned: 0,
      onTimePercent: 100,
      openNotices: { blue: 0, yellow: 0, red: 1, total: 1 },
    },
  ],
  laggingTasks: [{ taskId: 'p-P01', code: 'P01', title: '更新义务教育学校设备', leadUnits: ['edu'], status: '进度滞后', percent: 20 }],
  redNotices: [],
  instructions: [],
};
const names = new Map([['edu', '市教育局']]);

describe('the bulletin as documents', () => {
  it('is an A4 PDF whose Chinese text is selectable, set in an embedded subset font', async () => {
    const pdf = await bulletinPdf(
      { figures, commentary: '总体平稳，个别任务滞后。', version: 1, publishedAt: '2025-07-28T02:00:00.000Z' },
      names,
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const { text, fonts, embeddedFonts } = pdfText(pdf);
    expect(fonts).toBeGreaterThan(0);
    expect(embeddedFonts).toBe(fonts);
    expect(text).toContain(bulletinHeadline(figures));
    expect(text).toContain('市教育局');
    expect(text).toContain('总体平稳，个别任务滞后。');
    expect(text).toContain('截至2025年7月25日，序时进度 56.99%');
    // Subset: a few hundred kilobytes at most, not the 10 MB font.
    expect(pdf.length).toBeLessThan(400_000);
  });

  it('is a workbook with Chinese sheets and headers', async () => {
    const buffer = await bulletinWorkbook({ figures, commentary: '', version: 2 }, names).xlsx.writeBuffer();
    const workbook = new Workbook();
    await workbook.xlsx.load(buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(Object.values(BULLETIN_SHEETS));
    expect(workbook.getWorksheet(BULLETIN_SHEETS.units)!.getRow(1).values).toContain('按时率');
    expect(workbook.getWorksheet(BULLETIN_SHEETS.about)!.getCell('B3').value).toBe('草稿（未签发）');
  });

  it('names its file in Chinese, with an ASCII fallback', () =>
    expect(attachment('督查通报（2025年6月）.pdf', 'bulletin-2025-06.pdf')).toBe(
      `attachment; filename="bulletin-2025-06.pdf"; filename*=UTF-8''${encodeURIComponent('督查通报（2025年6月）.pdf')}`,
    ));
});
