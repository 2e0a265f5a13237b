import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { pdfFile, pngFile } from '../support/files';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import './matchers';
import {
  CONSOLE_FONT,
  chineseRendering,
  fontBytesLoaded,
  ensureWebBuild,
  launchBrowser,
  PHONE,
  screenshot,
  signIn,
  type Browser,
} from './support';

const P01 = 'hengyang-2025-P01';
/** A 2025-12 card before its report: the deadline and the days left, the day itself, or the days overdue. */
const DECEMBER_DUE = /^报送截止 2026年1月25日（(还剩 \d+ 天|今天截止|已逾期 \d+ 天)）$/;

// A Vite build on a fresh clone plus the whole system's start take longer than Jest's default.
jest.setTimeout(240_000);

/** antd puts a space between the two characters of a two-character button label (登 录). */
const label = (text: string) => new RegExp(`^\\s*${[...text].join('\\s*')}\\s*$`);
const button = (page: Page | Locator, text: string) => page.getByRole('button', { name: label(text) });

/** The console in a real browser, against the whole running system: one report from submission to the audit replay. */
describe('the web console, in Chromium', () => {
  let system: TestSystem;
  let browser: Browser;
  let password: string;
  let reportId: string;
  let beforeFirstReport: Date;
  const pages: Record<string, Page> = {};

  beforeAll(async () => {
    await ensureWebBuild();
    system = await startTestSystem('browser');
    password = system.config.demoPassword!;
    browser = await launchBrowser(system.url);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });
  afterEach(() => {
    expect(browser.problems.splice(0)).toEqual([]);
  });

  async function pageFor(username: string, viewport?: { width: number; height: number }): Promise<Page> {
    pages[username] ??= await browser.newPage(viewport);
    if (new URL(pages[username].url() === 'about:blank' ? 'http://x/login' : pages[username].url()).pathname === '/login')
      await signIn(pages[username], username, password);
    return pages[username];
  }

  async function expectChinese(page: Page, name: string, labels: string[]): Promise<void> {
    const rendering = await chineseRendering(page, labels);
    await screenshot(page, name);
    expect(rendering.missing).toEqual([]);
    expect(rendering.distinctGlyphs).toBe(true);
    expect(rendering.platformFonts.some((font) => CONSOLE_FONT.test(font))).toBe(true);
  }

  it('1. a submitter signs in and submits a report for P01', async () => {
    beforeFirstReport = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
    const page = await browser.newPage();
    pages.edu = page;
    await page.goto('/');
    await page.waitForURL('**/login**');
    await expectChinese(page, '1a-login', ['民生实事督办台账', '用户名', '密码']);
    // The console's own face, served by the system, in slices: a page costs kilobytes of font, not the 3.7 MB face.
    const fonts = await fontBytesLoaded(page);
    expect(fonts.files).toBeGreaterThan(0);
    expect(fonts.bytes).toBeLessThan(1_000_000);
    await signIn(page, 'edu', password);
    await page.waitForURL('**/submit');
    await page.getByTestId('task-P01').waitFor();
    await expectChinese(page, '1b-tasks', ['本单位牵头任务', '更新义务教育学校设备', '已签发进度']);

    const card = page.getByTestId('task-P01');
    await expect(card.getByText('补充配置电脑')).toBeVisibleSoon();
    await expect(card.getByText('≥ 38,801 台')).toBeVisibleSoon();
    // The deadline in force, as the API gives it: December's report is due by 25 January, China time.
    await expect(card.getByTestId('reporting-deadline')).toHaveTextSoon(DECEMBER_DUE);
    await button(card, '填报').click();
    await page.waitForURL(`**/submit/${P01}**`);
    await expect(page.getByTestId('target-P01-1')).toHaveTextSoon(/目标 ≥ 38,801 台/);
    await page.getByLabel('补充配置电脑').fill('20000');
    await page.getByLabel('建设物理化学生物考室').fill('150');
    await page.getByLabel('进展情况').fill('已完成电脑采购招标，到货过半。');
    await page.getByLabel('存在问题').fill('部分学校机房改造滞后。');
    await page.getByLabel('下步计划').fill('七月底前完成全部安装调试。');
    await page.getByLabel('佐证材料').fill('衡教装〔2025〕12号');
    // A photo dropped on the evidence area is uploaded at once; the report names it when submitted.
    await page.locator('input[type=file]').setInputFiles([
      { name: '机房照片.png', mimeType: 'image/png', buffer: pngFile() },
      { name: '验收报告.pdf', mimeType: 'application/pdf', buffer: pdfFile('验收报告') },
    ]);
    await expect(page.locator('.ant-upload-list-item-done', { hasText: '机房照片.png' })).toBeVisibleSoon();
    await expect(page.locator('.ant-upload-list-item-done', { hasText: '验收报告.pdf' })).toBeVisibleSoon();
    await expectChinese(page, '1c-form', ['指标完成情况（截至本期末累计值）', '存在问题', '下步计划', '佐证材料']);
    await page.getByRole('button', { name: /提交.*报告/ }).click();

    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    reportId = page.url().split('/').pop()!;
    await expect(page.getByText('审核中').first()).toBeVisibleSoon();
    await expect(page.getByTestId('timeline-entry').first()).toHaveTextSoon(/提交/);
    await expectChinese(page, '1d-submitted', ['指标完成情况', '补充配置电脑', '存在问题', '下步计划', '办理过程']);

    // The four written parts travel in the API's one narrative field, under headings.
    const stored = await system.call('GET', `/api/reports/${reportId}`, await system.login('edu'));
    expect(stored.body).toMatchObject({ taskId: P01, status: 'in_review', stage: 'coordinator_review', revision: 1 });
    expect(stored.body.narrative).toContain('【存在问题】\n部分学校机房改造滞后。');
    expect(stored.body.attachments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: '机房照片.png', contentType: 'image/png' }),
        expect.objectContaining({ name: '验收报告.pdf', contentType: 'application/pdf' }),
      ]),
    );
    expect(stored.body.values).toEqual([
      { indicatorId: 'P01-1', value: 20000 },
      { indicatorId: 'P01-2', value: 150 },
    ]);

    // Back on the list, the card tells when the report went in against that deadline (once the read side has it).
    const submittedNote = /^报送截止 2026年1月25日（已于 \d{4}年\d{1,2}月\d{1,2}日 (按时报送|报送，逾期 \d+ 天)）$/;
    await eventually(async () => {
      await page.goto('/submit');
      const note = page.getByTestId('task-P01').getByTestId('reporting-deadline');
      await note.waitFor();
      return submittedNote.test(await note.innerText()) || undefined;
    });
  });

  it('2. the coordinator rejects it with a reason', async () => {
    const page = await pageFor('coordinator');
    await page.waitForURL('**/inbox');
    await expect(page.locator(`a[href="/reports/${reportId}"]`).first()).toBeVisibleSoon();
    await expectChinese(page, '2a-inbox', ['审核待办', '办理时限', '更新义务教育学校设备']);
    await openFromInbox(page, reportId);
    await expect(page.getByText('专班办公室审核 · 请处理')).toBeVisibleSoon();
    // The evidence beside the figures: the photo as a thumbnail, the PDF read in place, each file a download.
    await expect(page.getByRole('button', { name: /机房照片\.png/ })).toBeVisibleSoon();
    await expect(page.locator('img[alt="机房照片.png"][src^="blob:"]')).toBeVisibleSoon();
    await page.getByRole('button', { name: '预览 验收报告.pdf' }).click();
    const preview = page.getByRole('dialog', { name: '验收报告.pdf' });
    await expect(preview.locator('iframe[src^="blob:"]')).toBeVisibleSoon();
    await screenshot(page, '2a-evidence-preview');
    await preview.getByRole('button', { name: /close|关闭/i }).click();
    await expect(preview).toBeHiddenSoon();
    await button(page, '退回修改').click();
    const dialog = page.getByRole('dialog');
    await button(dialog, '确定').click();
    await expect(dialog.getByText('请填写退回原因')).toBeVisibleSoon();
    await dialog.getByLabel('退回原因').fill('考室数量与台账不符，请核实。');
    await button(dialog, '确定').click();
    await expect(page.getByText('已退回').first()).toBeVisibleSoon();
    await expect(page.getByText('“考室数量与台账不符，请核实。”')).toBeVisibleSoon();
    await expectChinese(page, '2b-rejected', ['退回修改', '办理过程', '已退回']);
  });

  it('3. the submitter, on a phone, sees the reason and resubmits', async () => {
    const page = await browser.newPage(PHONE);
    await signIn(page, 'edu', password);
    // On a phone the menu starts folded away and opens from the header. The unit's 待办 holds
    // the report sent back to it.
    const todo = page.getByRole('menuitem', { name: /待办/ });
    await expect(todo).toBeHiddenSoon();
    await page.getByRole('button', { name: '菜单' }).click();
    await todo.click();
    await page.waitForURL('**/inbox');
    const waiting = page.locator('tr').filter({ has: page.locator(`a[href="/reports/${reportId}"]`) });
    await expect(waiting).toHaveTextSoon(/退回修改/);
    expect(await page.getByRole('button', { name: /批量/ }).count()).toBe(0);
    await expectChinese(page, '3a-todo-phone', ['待办', '退回修改', '更新义务教育学校设备']);
    const myReports = page.getByRole('menuitem', { name: /我的报告/ });
    await expect(myReports).toBeHiddenSoon();
    await page.getByRole('button', { name: '菜单' }).click();
    await myReports.click();
    await page.waitForURL('**/reports');
    await expect(myReports).toBeHiddenSoon();
    const row = page.getByTestId('report-card').filter({ has: page.locator(`a[href="/reports/${reportId}"]`) });
    await expect(row).toHaveTextSoon(/已退回/);
    await screenshot(page, '3a-my-reports-phone');
    await button(row, '修改重报').click();
    await page.waitForURL(`**/reports/${reportId}`);
    const reasons = page.getByTestId('return-reasons');
    await expect(reasons).toHaveTextSoon(/考室数量与台账不符，请核实。/);
    await expect(page.getByLabel('补充配置电脑')).toHaveValueSoon('20000');
    await expect(page.getByLabel('存在问题')).toHaveValueSoon('部分学校机房改造滞后。');
    await page.getByLabel('建设物理化学生物考室').fill('140');
    await page.getByLabel('进展情况').fill('已核对考室数量，按台账更正为 140 个。');
    await screenshot(page, '3b-resubmit-phone');
    await button(page, '重新提交').click();
    await expect(page.getByText('第 2 版')).toBeVisibleSoon();
    await expect(page.getByText('审核中').first()).toBeVisibleSoon();
    await expectChinese(page, '3c-resubmitted-phone', ['重新提交', '退回修改', '专班办公室审核']);
  });

  it('4. the coordinator approves and the office signs off', async () => {
    const coordinator = await pageFor('coordinator');
    await coordinator.goto('/inbox');
    await openFromInbox(coordinator, reportId);
    await expect(coordinator.getByText('第 2 版')).toBeVisibleSoon();
    // The reviewer sees what the unit changed since the rejected revision.
    await expect(coordinator.getByTestId('value-change')).toHaveTextSoon('150 → 140');
    await button(coordinator, '审核通过').click();
    await button(coordinator.getByRole('dialog'), '确定').click();
    await expect(coordinator.getByText('专班办公室签发').first()).toBeVisibleSoon();
    await expectChinese(coordinator, '4a-approved', ['审核通过', '专班办公室签发']);

    // The office signs off from its inbox in bulk, confirming each report on its own.
    const office = await pageFor('office');
    await office.waitForURL('**/inbox');
    const row = office.getByRole('row').filter({ has: office.locator(`a[href="/reports/${reportId}"]`) });
    await expect(row).toBeVisibleSoon();
    await row.getByRole('checkbox').check();
    await office.getByRole('button', { name: /批量签发（1）/ }).click();
    const dialog = office.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: /确认签发已勾选的/ });
    await expect(confirm).toHaveTextSoon(/0\s*项/);
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox', { name: /更新义务教育学校设备/ }).check();
    await expect(confirm).toHaveTextSoon(/1\s*项/);
    await confirm.click();
    await expect(dialog.locator('.anticon-check-circle')).toBeVisibleSoon();
    await screenshot(office, '4b-bulk-signed-off');
    await button(dialog, '完成').click();
    await office.getByRole('tab', { name: '已办' }).click();
    await openFromInbox(office, reportId);
    await expect(office.getByText('已签发').first()).toBeVisibleSoon();
    await expectChinese(office, '4c-signed-off', ['签发', '已签发', '办理过程']);
  });

  it('5. the dashboard shows the new progress', async () => {
    const office = await pageFor('office');
    const token = await system.login('office');
    const dashboard = await system.call('GET', '/api/dashboard', token);
    expect({ status: dashboard.status, endpoint: 'GET /api/dashboard' }).toEqual({ status: 200, endpoint: 'GET /api/dashboard' });
    const p01 = await eventually(async () => {
      const answer = await system.call('GET', '/api/dashboard', token);
      const task = answer.body.sections.flatMap((s: any) => s.categories.flatMap((c: any) => c.tasks)).find((t: any) => t.id === P01);
      return task?.lastReport?.status === 'signed_off' ? task : undefined;
    });

    await office.getByRole('menuitem', { name: /督查看板/ }).click();
    await office.waitForURL('**/dashboard');
    await expect(office.getByText('完成进度与序时进度')).toBeVisibleSoon();
    await office.getByText('2025年民生补短提质攻坚实施方案').first().waitFor();
    // The README's picture of the console; refreshed on request so test runs leave the tree clean.
    if (process.env.UPDATE_DOCS_SCREENSHOTS) await screenshot(office, 'dashboard', join(__dirname, '../../docs/screenshots/dashboard.png'));
    await expectChinese(office, '5a-dashboard', ['序时进度', '进度滞后', '逾期未报', '完成进度与序时进度']);

    const section = dashboard.body.sections.find((s: { categories: { tasks: { id: string }[] }[] }) =>
      s.categories.some((c) => c.tasks.some((t) => t.id === P01)),
    );
    await office.getByRole('button', { name: section.title }).click();
    const row = office.getByRole('row', { name: /P01/ }).first();
    await expect(row).toHaveTextSoon(new RegExp(`${p01.percent}%`));
    await row.click();
    await office.waitForURL(`**/tasks/${P01}`);
    await expect(office.getByText(/20,000 台/).first()).toBeVisibleSoon();
    await expectChinese(office, '5b-task', ['指标与已签发进度', '补充配置电脑']);
  });

  it('6. the auditor moves the date back and sees the earlier state', async () => {
    const page = await pageFor('auditor');
    await page.getByRole('menuitem', { name: /审计/ }).click();
    await page.waitForURL('**/audit**');
    const state = page.getByTestId('replayed-state');
    await expect(state.getByTestId('replayed-P01-1')).toHaveTextSoon('20,000 台');
    await expect(page.getByTestId('chain')).toHaveTextSoon(/事件链完整/);

    // Back to a moment before the first report: nothing signed off, no report yet.
    const picker = page.getByTestId('as-of').locator('input').or(page.getByPlaceholder('当前（最新）')).first();
    await picker.click();
    await picker.fill(formatShanghai(beforeFirstReport));
    await picker.press('Enter');
    await expect(state).toHaveTextSoon(/截至 .* 的状态/);
    await expect(state.getByTestId('replayed-P01-1')).toHaveTextSoon('—');
    await expect(state.getByTestId('replayed-reports')).toHaveTextSoon('此时刻尚无报告');
    await expectChinese(page, '6a-audit-before', ['审计回放', '此时刻尚无报告', '哈希链校验']);

    // Back to the rejection: the report stands returned and still nothing is signed off.
    await page.goto('/audit');
    const rejected = page.getByTestId('audit-event').filter({ hasText: '退回修改' });
    await button(rejected, '回放到此刻').click();
    await expect(state.getByTestId('replayed-reports')).toHaveTextSoon(/已退回/);
    await expect(state.getByTestId('replayed-P01-1')).toHaveTextSoon('—');
    await expectChinese(page, '6b-audit-rejected', ['审计回放', '已退回', '回放到此刻']);
  });

  it('is served by the API: pages by their path, files as files, the API as the API', async () => {
    const get = (path: string) => fetch(`${system.url}${path}`, { headers: { accept: 'text/html,*/*' } });
    const index = await get('/');
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('民生实事督办台账');
    // A reload on a page of the console gets the console back, not a 404.
    for (const path of ['/inbox', `/reports/${reportId}`, '/audit?taskId=x']) {
      const page = await get(path);
      expect({ path, status: page.status, type: page.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        type: expect.stringContaining('text/html'),
      });
    }
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect((await get(script)).headers.get('content-type')).toContain('javascript');
    expect((await get('/assets/no-such-file.js')).status).toBe(404);
    const api = await get('/api/no-such-endpoint');
    expect({ status: api.status, type: api.headers.get('content-type') }).toEqual({
      status: 404,
      type: expect.stringContaining('application/problem+json'),
    });
  });
});

async function openFromInbox(page: Page, reportId: string): Promise<void> {
  const link = page.locator(`a[href="/reports/${reportId}"]`).first();
  await expect(link).toBeVisibleSoon();
  await link.click();
  await page.waitForURL(`**/reports/${reportId}`);
}

/** The date-time the picker shows for `date` in China's time zone (the browser's zone here). */
/** A moment as the audit page's picker takes it typed: China time, 2025年3月9日 08:05:07. */
function formatShanghai(date: Date): string {
  const shanghai = new Date(date.getTime() + 8 * 3600_000);
  const [day, time] = shanghai.toISOString().slice(0, 19).split('T') as [string, string];
  const [year, month, dayOfMonth] = day.split('-').map(Number);
  return `${year}年${month}月${dayOfMonth}日 ${time}`;
}
