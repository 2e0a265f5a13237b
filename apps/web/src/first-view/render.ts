import type { Dashboard, DashboardTask, ProgressStatus, ReportingStatus } from '../api';
import { chinaDate } from '../china-time';
import {
  LIGHT_COLOR,
  LIGHT_LABEL,
  LIGHT_MEANING,
  LIGHTS,
  PROGRESS_COLOR,
  PROGRESS_LABEL,
  REPORTING_COLOR,
  REPORTING_LABEL,
} from '../dashboard-labels';

/**
 * The dashboard's first view: what a reader starts from (the plan's figures, the two dimensions
 * with the lights, the 进度滞后 and 逾期未报 lists), as plain markup drawn from the same answer of
 * `GET /api/dashboard` the page then shows. It needs neither React nor antd, so it is drawn while
 * the console's own code is still arriving and starting (seconds on a slow office desktop); the
 * page replaces it once it has drawn the same figures. Links are plain links: they work before
 * the console does.
 */
export function firstViewHtml(dashboard: Dashboard, unitName: (unitId: string) => string | undefined): string {
  const tasks = dashboard.sections.flatMap((section) => section.categories.flatMap((category) => category.tasks));
  // Each list by its own dimension, as the page lists them: a task overdue and lagging is on both.
  const behind = tasks.filter((task) => task.progress === 'behind');
  const overdue = tasks.filter((task) => task.reporting === 'overdue');
  const figure = (title: string, value: string, wide = false) =>
    `<div class="fv-card${wide ? ' fv-wide' : ''}"><div class="fv-title">${title}</div><div class="fv-value">${value}</div></div>`;
  const dimension = <T extends string>(title: string, labels: Record<T, string>, counts: Record<T, number>, colors: Record<T, string>) =>
    `<section class="fv-card" aria-label="${title}"><h2>${title}</h2><div class="fv-counts">${(Object.keys(labels) as T[])
      .map(
        (code) =>
          `<div><div class="fv-title">${labels[code]}</div><div class="fv-value" style="color:${colors[code]}">${counts[code]}</div></div>`,
      )
      .join('')}</div></section>`;
  const legend = `<section class="fv-card" aria-label="红黄绿灯"><h2>红黄绿灯</h2>${LIGHTS.map(
    (light) =>
      `<div class="fv-light">${dot(light)}<strong>${LIGHT_LABEL[light]} ${dashboard.lights[light]}</strong><span class="fv-note">${LIGHT_MEANING[light]}</span></div>`,
  ).join('')}</section>`;
  return [
    `<header class="fv-header"><strong>民生实事督办台账</strong><span class="fv-note" role="status">正在载入完整功能…</span></header>`,
    `<div class="fv-main" role="main">`,
    `<h1>${escapeHtml(dashboard.plan.title)}</h1>`,
    `<div class="fv-row">${figure('序时进度', `${dashboard.schedulePercent}%`)}${figure('任务总数', String(tasks.length))}${figure('截至', chinaDate(dashboard.asOf), true)}</div>`,
    `<div class="fv-row fv-three">${dimension('报送情况', REPORTING_LABEL, dashboard.reporting, REPORTING_COLOR)}${dimension(
      '进度情况',
      PROGRESS_LABEL,
      dashboard.progress,
      PROGRESS_COLOR,
    )}${legend}</div>`,
    taskList('进度滞后', behind, PROGRESS_COLOR.behind, unitName),
    taskList('逾期未报', overdue, REPORTING_COLOR.overdue, unitName),
    `</div>`,
  ].join('');
}

/** As many rows as the page's first page of a list shows. */
export const FIRST_VIEW_ROWS = 10;

function taskList(title: string, tasks: DashboardTask[], color: string, unitName: (unitId: string) => string | undefined): string {
  const heading = `<h2 style="color:${color}">${title}（${tasks.length}）</h2>`;
  if (tasks.length === 0)
    return `<section class="fv-card fv-list" aria-label="${title}">${heading}<p class="fv-note">暂无${title}任务</p></section>`;
  const rows = tasks
    .slice(0, FIRST_VIEW_ROWS)
    .map(
      (task) =>
        `<tr><td><a href="/tasks/${encodeURIComponent(task.id)}"><span class="fv-code">${escapeHtml(task.code)}</span>${escapeHtml(task.title)}</a></td>` +
        `<td>${escapeHtml(task.leadUnits.map((unit) => unitName(unit) ?? '—').join('、'))}</td>` +
        `<td class="fv-number">${task.percent}%</td><td>${dot(task.light)}</td>` +
        `<td>${status(REPORTING_LABEL, REPORTING_COLOR, task.reporting)}</td><td>${status(PROGRESS_LABEL, PROGRESS_COLOR, task.progress)}</td></tr>`,
    )
    .join('');
  const more = tasks.length > FIRST_VIEW_ROWS ? `<p class="fv-note">共 ${tasks.length} 项，其余在完整页面中分页显示</p>` : '';
  return (
    `<section class="fv-card fv-list" aria-label="${title}">${heading}<table><thead><tr><th>任务</th><th>牵头单位</th><th>进度</th><th>灯</th><th>报送情况</th><th>进度情况</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>${more}</section>`
  );
}

const dot = (light: DashboardTask['light']) =>
  `<span class="fv-dot" role="img" aria-label="${LIGHT_LABEL[light]}" style="background:${LIGHT_COLOR[light]}"></span>`;

function status<T extends ReportingStatus | ProgressStatus>(labels: Record<T, string>, colors: Record<T, string>, code: T): string {
  return `<span class="fv-tag" style="color:${colors[code]};border-color:${colors[code]}">${labels[code]}</span>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The first view's look: the page's layout in a few rules (antd's sizes and greys, the console's
 * font), over the whole window until the page takes its place.
 */
export const FIRST_VIEW_CSS = `
#first-view{position:fixed;inset:0;overflow:auto;z-index:1000;background:#f5f5f5;color:rgba(0,0,0,.88);font-size:14px;line-height:1.5715}
#first-view .fv-header{display:flex;justify-content:space-between;align-items:center;height:64px;padding:0 24px;background:#fff;font-size:16px}
#first-view .fv-main{padding:24px}
#first-view h1{font-size:20px;font-weight:600;margin:0 0 16px}
#first-view h2{font-size:14px;font-weight:600;margin:0 0 8px}
#first-view .fv-row{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:16px;margin-bottom:16px}
#first-view .fv-three{grid-template-columns:repeat(auto-fit,minmax(300px,1fr))}
#first-view .fv-card{background:#fff;border:1px solid #f0f0f0;border-radius:8px;padding:12px}
#first-view .fv-list{margin-bottom:16px;overflow-x:auto}
#first-view .fv-counts{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}
#first-view .fv-title,#first-view .fv-note{color:rgba(0,0,0,.65)}
#first-view .fv-note{font-size:12px;margin:0}
#first-view .fv-value{font-size:24px}
#first-view .fv-light{display:flex;gap:8px;align-items:baseline;margin-bottom:4px}
#first-view .fv-light strong{min-width:72px}
#first-view .fv-dot{display:inline-block;width:12px;height:12px;border-radius:6px;flex:none}
#first-view table{width:100%;border-collapse:collapse}
#first-view th{text-align:start;font-weight:600;background:#fafafa}
#first-view th,#first-view td{padding:8px;border-bottom:1px solid #f0f0f0}
#first-view a{color:inherit;text-decoration:none}
#first-view .fv-code{display:inline-block;margin-inline-end:8px;padding:0 7px;border:1px solid #d9d9d9;border-radius:4px;background:#fafafa;font-size:12px}
#first-view .fv-tag{display:inline-block;padding:0 7px;border:1px solid;border-radius:4px;font-size:12px;white-space:nowrap}
#first-view .fv-number{white-space:nowrap;font-variant-numeric:tabular-nums}
@media (max-width:767px){#first-view .fv-header,#first-view .fv-main{padding-inline:12px}#first-view .fv-wide{grid-column:1/-1}}
`;
