import type { Dashboard, DashboardTask } from '../api';
import { escapeHtml, FIRST_VIEW_ROWS, firstViewHtml } from './render';

const task = (code: string, change: Partial<DashboardTask> = {}): DashboardTask => ({
  id: `plan-2025:${code}`,
  code,
  title: `任务${code}`,
  indicators: [],
  lastReport: null,
  leadUnits: ['edu'],
  light: 'green',
  notices: { highestLevel: null, open: 0 },
  percent: 80,
  progress: 'on_track',
  reporting: 'on_time',
  status: '正常推进',
  ...change,
});

function dashboard(tasks: DashboardTask[]): Dashboard {
  const count = <K extends string>(keys: K[], of: (t: DashboardTask) => string) =>
    Object.fromEntries(keys.map((key) => [key, tasks.filter((t) => of(t) === key).length])) as Record<K, number>;
  return {
    asOf: '2025-12-25T16:30:00.000Z', // 2025年12月26日 in China
    counts: { behind: 0, completed: 0, onTrack: 0, overdue: 0 },
    facets: { categories: [], leadUnits: [] },
    lights: count(['green', 'yellow', 'red'], (t) => t.light),
    notices: { open: { blue: 0, red: 0, yellow: 0, total: 0 } },
    plan: { id: 'plan-2025', title: '衡阳市2025年<民生>补短提质攻坚行动', year: 2025 },
    progress: count(['completed', 'on_track', 'behind'], (t) => t.progress),
    reporting: count(['on_time', 'late', 'overdue'], (t) => t.reporting),
    schedulePercent: 91.67,
    sections: [{ code: 'A', title: '第一部分', categories: [{ title: '教育', tasks }] }],
  };
}

/** The text a reader sees of a section (tags stripped), by its aria-label. */
function section(html: string, title: string): string {
  const match = new RegExp(`<section[^>]*aria-label="${title}"[^>]*>(.*?)</section>`).exec(html);
  if (!match) throw new Error(`no section ${title}`);
  return match[1]!
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the dashboard first view', () => {
  const tasks = [
    task('C01'),
    task('C02', { reporting: 'overdue', light: 'red', percent: 40, progress: 'behind' }),
    task('C03', { reporting: 'late', light: 'yellow', leadUnits: ['edu', 'hr'] }),
    task('C04', { progress: 'behind', light: 'yellow', percent: 55.5 }),
  ];
  const names: Record<string, string> = { edu: '市教育局', hr: '市人社局' };
  const html = firstViewHtml(dashboard(tasks), (id) => names[id]);

  it("shows the API's counts of each dimension and light, under the page's labels", () => {
    expect(section(html, '报送情况')).toBe('报送情况 按时 2 已补报 1 逾期未报 1');
    expect(section(html, '进度情况')).toBe('进度情况 已完成 0 正常推进 2 进度滞后 2');
    expect(section(html, '红黄绿灯')).toMatch(/^红黄绿灯 红灯 1 .* 黄灯 2 .* 绿灯 1 /);
    expect(html).toContain('91.67%');
    expect(html).toContain('2025年12月26日');
  });

  it('lists each dimension apart: a task overdue and lagging is on both lists', () => {
    const behind = section(html, '进度滞后');
    const overdue = section(html, '逾期未报');
    expect(behind).toMatch(/^进度滞后（2）/);
    expect(behind).toContain('C02 任务C02 市教育局 40%');
    expect(behind).toContain('C04 任务C04 市教育局 55.5%');
    expect(overdue).toMatch(/^逾期未报（1）/);
    expect(overdue).toContain('C02 任务C02');
    expect(overdue).not.toContain('C04');
    expect(html).toContain('href="/tasks/plan-2025%3AC02"');
  });

  it('says so when a list is empty, and shows a first page of a long one with its total', () => {
    const none = firstViewHtml(dashboard([task('C01')]), () => undefined);
    expect(section(none, '逾期未报')).toBe('逾期未报（0） 暂无逾期未报任务');
    const many = Array.from({ length: FIRST_VIEW_ROWS + 3 }, (_, n) => task(`P${n}`, { reporting: 'overdue' }));
    const long = firstViewHtml(dashboard(many), () => undefined);
    expect(/aria-label="逾期未报".*?<\/section>/.exec(long)![0].match(/<tr>/g)).toHaveLength(FIRST_VIEW_ROWS + 1); // and the head's
    expect(section(long, '逾期未报')).toContain(`共 ${FIRST_VIEW_ROWS + 3} 项`);
  });

  it('shows no code a reader cannot read, and no unknown unit by its id', () => {
    const unnamed = firstViewHtml(dashboard(tasks), () => undefined);
    const text = unnamed.replace(/<[^>]+>/g, ' ');
    for (const code of ['on_time', 'overdue', 'behind', 'on_track', 'green', 'yellow', 'red', 'edu', 'hr', 'undefined', 'NaN'])
      expect(text).not.toMatch(new RegExp(`\\b${code}\\b`));
    expect(section(unnamed, '逾期未报')).toContain('C02 任务C02 — 40%');
  });

  it('escapes what the plan and units say', () => {
    expect(html).toContain('衡阳市2025年&#60;民生&#62;补短提质攻坚行动');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});
