import type { BulletinFigures, BulletinNoticeCounts, BulletinVersion } from '../api';
import { chinaDate, chinaTime } from '../china-time';
import { periodLabel } from '../period';
import { useUnitName } from './common';

/** The bulletin's title, as its PDF names it. */
export const bulletinHeadline = (figures: BulletinFigures) => `${figures.plan.title}督查通报（${periodLabel(figures.period)}）`;

/** A period's deadline (China midnight) reads as the end of the day before, as in the PDF; another moment as itself. */
const asOfText = (asOf: string) =>
  (Date.parse(asOf) + 8 * 3_600_000) % 86_400_000 === 0 ? chinaDate(new Date(Date.parse(asOf) - 1).toISOString()) : chinaTime(asOf);

const levels = (c: BulletinNoticeCounts) => `${c.total}（红${c.red} 黄${c.yellow} 蓝${c.blue}）`;

function Table({ columns, rows }: { columns: string[]; rows: Array<Array<string | number>> }) {
  return (
    <table className="bulletin-table">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column}>{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={columns.length}>无</td>
          </tr>
        ) : (
          rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/**
 * One version of a bulletin laid out as a document: the same sections, in the same order, as
 * its PDF. The page shows it on screen; the print view prints it on A4 (styles.css @media print).
 */
export function BulletinDocument({ version, publishedAt }: { version: BulletinVersion; publishedAt?: string }) {
  const unitName = useUnitName();
  const { figures, commentary } = version;
  const { headline: h } = figures;
  return (
    <article className="bulletin-doc">
      <h1>{bulletinHeadline(figures)}</h1>
      <p className="bulletin-sign">
        {publishedAt ? `工作专班办公室 ${chinaTime(publishedAt)} 签发` : `草稿（第 ${version.version} 版，未签发）`}
        {publishedAt && version.version > 1 ? `（第 ${version.version} 版，更正前版）` : ''}
      </p>
      <h2>一、总体情况</h2>
      <p>
        截至{asOfText(figures.asOf)}，序时进度 {figures.schedulePercent}%。全年 {h.tasks} 项任务中，已完成 {h.completed} 项，正常推进{' '}
        {h.onTrack} 项，进度滞后 {h.behind} 项，逾期未报 {h.overdue} 项；未销号督办单 {h.openNotices.total} 件（红色 {h.openNotices.red}{' '}
        件、黄色 {h.openNotices.yellow} 件、蓝色 {h.openNotices.blue} 件）。
      </p>
      <h2>二、分类推进情况</h2>
      <Table
        columns={['类别', '任务数', '平均完成率', '序时进度', '进度滞后', '逾期未报']}
        rows={figures.categories.map((c) => [
          `${c.section} · ${c.title}`,
          c.tasks,
          `${c.percent}%`,
          `${figures.schedulePercent}%`,
          c.behind,
          c.overdue,
        ])}
      />
      <h2>三、成员单位按时报送排名</h2>
      <Table
        columns={['排名', '单位', '已报送', '按时', '逾期', '被退回', '按时率', '未销号督办单']}
        rows={figures.units.map((u) => [
          u.rank,
          u.name,
          u.submitted,
          u.onTime,
          u.late,
          u.returned,
          u.onTimePercent === null ? '—' : `${u.onTimePercent}%`,
          levels(u.openNotices),
        ])}
      />
      <h2>四、进度滞后及逾期未报任务</h2>
      <Table
        columns={['任务', '牵头单位', '状态', '完成率']}
        rows={figures.laggingTasks.map((t) => [`${t.code} ${t.title}`, t.leadUnits.map(unitName).join('、'), t.status, `${t.percent}%`])}
      />
      <h2>五、红色督办单</h2>
      <Table
        columns={['任务', '督办单位', '督办事项', '下发时间', '状态']}
        rows={figures.redNotices.map((n) => [
          `${n.code} ${n.title}`,
          n.unitIds.map(unitName).join('、'),
          n.matter,
          chinaTime(n.issuedAt),
          n.status,
        ])}
      />
      <h2>六、领导批示及落实情况</h2>
      <Table
        columns={['任务', '批示', '状态', '落实情况']}
        rows={figures.instructions.map((i) => [
          i.code,
          `${i.by}：${i.text}`,
          i.status,
          i.reports.map((r) => `${unitName(r.unitId)}：${r.text}`).join('；') || '—',
        ])}
      />
      <h2>七、通报意见</h2>
      <p className="bulletin-commentary">{commentary || '（无）'}</p>
    </article>
  );
}
