import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { Workbook, type Worksheet } from 'exceljs';
import { monthLabel, type BulletinFigures, type BulletinNoticeCounts } from '@ledger/domain';
import { chinaTime } from '@ledger/notifications';

/** One version of a bulletin as a document renders it. */
export interface BulletinDocument {
  figures: BulletinFigures;
  commentary: string;
  version: number;
  /** When it was signed off (签发); absent on a draft, which is marked as one. */
  publishedAt?: string;
}

/** The bulletin's title: what its first line says and its file is named after. */
export function bulletinHeadline(figures: BulletinFigures): string {
  return `${figures.plan.title}督查通报（${monthLabel(figures.period)}）`;
}

/** `民生补短提质攻坚督查通报（2025年6月）.pdf`, written for Content-Disposition (RFC 6266 with RFC 5987 `filename*`). */
export function attachment(name: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * What the figures stand at in words: a period's deadline is midnight China time, which reads as the
 * end of the day before (截至2025年7月25日); a draft made before the deadline, at its own moment.
 */
export function asOfText(asOf: string): string {
  const midnight = (Date.parse(asOf) + 8 * 3_600_000) % 86_400_000 === 0;
  return midnight ? chinaTime(new Date(Date.parse(asOf) - 1).toISOString()).split(' ')[0]! : chinaTime(asOf);
}

const levels = (counts: BulletinNoticeCounts) => `红${counts.red} 黄${counts.yellow} 蓝${counts.blue}`;
const percent = (value: number | null) => (value === null ? '—' : `${value}%`);

/** The bulletin's sections in order, as rows of words: the PDF and the workbook lay out the same table. */
export function bulletinTables(document: BulletinDocument, unitNames: ReadonlyMap<string, string>) {
  const { figures } = document;
  const unit = (code: string) => unitNames.get(code) ?? code;
  const { headline } = figures;
  const summary =
    `截至${asOfText(figures.asOf)}，序时进度 ${figures.schedulePercent}%。全年 ${headline.tasks} 项任务中，` +
    `已完成 ${headline.completed} 项，正常推进 ${headline.onTrack} 项，进度滞后 ${headline.behind} 项，逾期未报 ${headline.overdue} 项；` +
    `未销号督办单 ${headline.openNotices.total} 件（红色 ${headline.openNotices.red} 件、黄色 ${headline.openNotices.yellow} 件、蓝色 ${headline.openNotices.blue} 件）。`;
  return {
    summary,
    tables: [
      {
        title: '分类推进情况',
        columns: ['类别', '任务数', '平均完成率', '序时进度', '进度滞后', '逾期未报'],
        widths: [0.34, 0.1, 0.16, 0.14, 0.13, 0.13],
        rows: figures.categories.map((c) => [
          `${c.section} · ${c.title}`,
          String(c.tasks),
          `${c.percent}%`,
          `${figures.schedulePercent}%`,
          String(c.behind),
          String(c.overdue),
        ]),
      },
      {
        title: '成员单位按时报送排名',
        columns: ['排名', '单位', '已报送', '按时', '逾期', '被退回', '按时率', '未销号督办单'],
        widths: [0.07, 0.25, 0.09, 0.08, 0.08, 0.09, 0.11, 0.23],
        rows: figures.units.map((u) => [
          String(u.rank),
          u.name,
          String(u.submitted),
          String(u.onTime),
          String(u.late),
          String(u.returned),
          percent(u.onTimePercent),
          `${u.openNotices.total}（${levels(u.openNotices)}）`,
        ]),
      },
      {
        title: '进度滞后及逾期未报任务',
        columns: ['任务', '牵头单位', '状态', '完成率'],
        widths: [0.46, 0.28, 0.13, 0.13],
        rows: figures.laggingTasks.map((t) => [`${t.code} ${t.title}`, t.leadUnits.map(unit).join('、'), t.status, `${t.percent}%`]),
      },
      {
        title: '红色督办单',
        columns: ['任务', '督办单位', '督办事项', '下发时间', '状态'],
        widths: [0.26, 0.18, 0.28, 0.16, 0.12],
        rows: figures.redNotices.map((n) => [
          `${n.code} ${n.title}`,
          n.unitIds.map(unit).join('、'),
          n.matter,
          chinaTime(n.issuedAt),
          n.status,
        ]),
      },
      {
        title: '领导批示及落实情况',
        columns: ['任务', '批示', '状态', '落实情况'],
        widths: [0.12, 0.38, 0.14, 0.36],
        rows: figures.instructions.map((i) => [
          i.code,
          `${i.by}：${i.text}`,
          i.status,
          i.reports.map((r) => `${unit(r.unitId)}：${r.text}`).join('\n') || '—',
        ]),
      },
    ],
  };
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八'];

// Noto Sans SC from npm (never a file in git); pdfkit's fontkit embeds only the glyphs used.
const FONTS = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};
let fontData: { regular: Buffer; bold: Buffer } | undefined;
const fonts = () =>
  (fontData ??= { regular: readFileSync(require.resolve(FONTS.regular)), bold: readFileSync(require.resolve(FONTS.bold)) });

/** The bulletin as an A4 PDF: Chinese text set in an embedded (subset) Noto Sans SC, so it is selectable and prints anywhere. */
export function bulletinPdf(document: BulletinDocument, unitNames: ReadonlyMap<string, string>): Promise<Buffer> {
  const { regular, bold } = fonts();
  const headline = bulletinHeadline(document.figures);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 50, right: 50 },
    info: { Title: headline, Author: '工作专班办公室', Creator: 'minsheng-ledger' },
    lang: 'zh-CN',
    displayTitle: true,
  });
  pdf.registerFont('regular', regular);
  pdf.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const bottom = () => pdf.page.height - pdf.page.margins.bottom;
  const { summary, tables } = bulletinTables(document, unitNames);

  pdf.font('bold').fontSize(18).fillColor('#b00000').text(headline, { align: 'center' });
  pdf.moveDown(0.3);
  pdf
    .font('regular')
    .fontSize(10)
    .fillColor('#333333')
    .text(
      document.publishedAt
        ? `工作专班办公室\u3000${chinaTime(document.publishedAt)} 签发${document.version > 1 ? `（第 ${document.version} 版，更正前版）` : ''}`
        : `草稿（第 ${document.version} 版，未签发）`,
      { align: 'center' },
    );
  pdf
    .moveTo(left, pdf.y + 4)
    .lineTo(left + width, pdf.y + 4)
    .lineWidth(1.5)
    .strokeColor('#b00000')
    .stroke();
  pdf.moveDown(1);

  const heading = (index: number, title: string) => {
    if (pdf.y > bottom() - 60) pdf.addPage();
    pdf.font('bold').fontSize(13).fillColor('#000000').text(`${NUMERALS[index]}、${title}`, left, pdf.y);
    pdf.moveDown(0.3);
  };
  heading(0, '总体情况');
  pdf.font('regular').fontSize(10.5).text(summary, left, pdf.y, { width, lineGap: 3 });
  pdf.moveDown(0.8);

  tables.forEach((table, index) => {
    heading(index + 1, table.title);
    const xs = table.widths.reduce<number[]>((acc, w, i) => [...acc, (acc[i] ?? left) + w * width], [left]);
    const row = (cells: string[], header: boolean) => {
      pdf.font(header ? 'bold' : 'regular').fontSize(9);
      const height = Math.max(...cells.map((cell, i) => pdf.heightOfString(cell, { width: table.widths[i]! * width - 6 }))) + 6;
      if (pdf.y + height > bottom()) pdf.addPage();
      const top = pdf.y;
      if (header) pdf.rect(left, top, width, height).fill('#dfe6f2').fillColor('#000000');
      cells.forEach((cell, i) => pdf.fillColor('#000000').text(cell, xs[i]! + 3, top + 3, { width: table.widths[i]! * width - 6 }));
      pdf
        .moveTo(left, top + height)
        .lineTo(left + width, top + height)
        .lineWidth(0.5)
        .strokeColor('#bfbfbf')
        .stroke();
      pdf.y = top + height;
    };
    row(table.columns, true);
    if (table.rows.length === 0) row(['无', ...table.columns.slice(1).map(() => '')], false);
    for (const cells of table.rows) row(cells, false);
    pdf.x = left;
    pdf.moveDown(0.8);
  });

  heading(tables.length + 1, '通报意见');
  pdf
    .font('regular')
    .fontSize(10.5)
    .fillColor('#000000')
    .text(document.commentary || '（无）', left, pdf.y, { width, lineGap: 3 });
  pdf.end();
  return done;
}

export const BULLETIN_SHEETS = {
  about: '通报',
  categories: '分类推进',
  units: '单位排名',
  lagging: '滞后任务',
  red: '红色督办单',
  instructions: '领导批示',
} as const;

/** The bulletin's figures as a workbook: a sheet per table, headers in Chinese. */
export function bulletinWorkbook(document: BulletinDocument, unitNames: ReadonlyMap<string, string>): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'minsheng-ledger';
  const { summary, tables } = bulletinTables(document, unitNames);
  const about = workbook.addWorksheet(BULLETIN_SHEETS.about);
  about.addRows([
    ['标题', bulletinHeadline(document.figures)],
    ['版本', document.version],
    ['签发', document.publishedAt ? chinaTime(document.publishedAt) : '草稿（未签发）'],
    ['数据截至', asOfText(document.figures.asOf)],
    ['序时进度', document.figures.schedulePercent / 100],
    ['总体情况', summary],
    ['通报意见', document.commentary],
  ]);
  about.getCell('B5').numFmt = '0.00%';
  about.getColumn(1).font = { bold: true };
  about.getColumn(1).width = 12;
  about.getColumn(2).width = 90;
  about.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  const names = [
    BULLETIN_SHEETS.categories,
    BULLETIN_SHEETS.units,
    BULLETIN_SHEETS.lagging,
    BULLETIN_SHEETS.red,
    BULLETIN_SHEETS.instructions,
  ];
  tables.forEach((table, index) => {
    const sheet: Worksheet = workbook.addWorksheet(names[index]!, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = sheet.addRow(table.columns);
    header.font = { bold: true };
    for (const cells of table.rows) sheet.addRow(cells);
    table.widths.forEach((w, i) => (sheet.getColumn(i + 1).width = Math.max(8, Math.round(w * 120))));
  });
  return workbook;
}
