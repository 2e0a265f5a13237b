import type { Page } from 'playwright-core';
import { eventually } from '../support/system';
import { button, chinaDayFromNow, consoleSession, content, pageWidth, pickDate } from './console-session';
import './matchers';
import { PHONE, screenshot } from './support';

const P01 = 'hengyang-2025-P01';
const MATTER = '补充配置电脑进度明显滞后于序时进度，请说明原因并提出整改措施。';
const MEASURES = '已督促供货商加快到货，十二月底前完成剩余电脑安装调试。';

jest.setTimeout(300_000);

// Its icon adds to the accessible name.
const issueButton = (page: Page) => page.getByRole('button', { name: /交办督办单/ });

/** 督办单 in a real browser against the whole system: issued by hand → 签收 → 整改反馈 → 销号. */
describe('supervision notices in the web console, in Chromium', () => {
  let noticeId: string;
  const { system, pageFor, openMenu } = consoleSession('notices-browser');

  it('1. the coordinator issues a notice by hand from the board', async () => {
    const page = await pageFor('coordinator');
    await openMenu(page, /督办$/);
    await page.waitForURL('**/notices');
    await expect(page.getByText('暂无督办单')).toBeVisibleSoon();
    await issueButton(page).click();
    const dialog = page.getByRole('dialog');
    await button(dialog, '交办').click();
    await expect(dialog.getByText('请选择任务')).toBeVisibleSoon();
    await expect(dialog.getByText('请填写督办事项')).toBeVisibleSoon();

    await dialog.getByRole('combobox', { name: '任务' }).click();
    await page.keyboard.type('P01');
    await page.locator('.ant-select-item-option').filter({ hasText: /^P01 / }).first().click();
    await dialog.getByText('红色督办').click();
    await dialog.getByLabel('督办事项').fill(MATTER);
    await pickDate(dialog, dialog.getByPlaceholder('整改反馈截止日期'), chinaDayFromNow(7));
    await screenshot(page, 'notices-1a-issue');
    await button(dialog, '交办').click();

    await page.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
    noticeId = page.url().split('/').pop()!;
    await expect(page.getByTestId('notice-timeline-entry').first()).toHaveTextSoon(/下发督办单[\s\S]*工作专班[\s\S]*红色督办 · 人工交办/);
    await expect(page.getByTestId('notice-status')).toHaveTextSoon('待签收');
    await expect(page.getByTestId('notice-matter')).toHaveTextSoon(MATTER);
    await expect(content(page)).toHaveTextSoon(/市教育局/);
    expect(await page.getByTestId('notice-actions').count()).toBe(0);
    await expect(content(page)).toShowNoCodes();
    await screenshot(page, 'notices-1b-issued');
  });

  it('2. the unit finds it in 待办 and on the board, signs for it and answers', async () => {
    // The board reads the projection; it has the notice a moment after the answer.
    const token = await system().login('edu');
    await eventually(async () => ((await system().call('GET', '/api/notices', token)).body.length === 1 ? true : undefined));
    const page = await pageFor('edu');
    await openMenu(page, /待办/);
    await page.waitForURL('**/inbox');
    const waiting = page
      .getByTestId('notices-waiting')
      .locator('tr')
      .filter({ has: page.locator(`a[href="/notices/${noticeId}"]`) });
    await expect(waiting.first()).toHaveTextSoon(/红色督办[\s\S]*待签收/);
    await expect(content(page)).toShowNoCodes();
    await screenshot(page, 'notices-2a-todo');

    await openMenu(page, /督办$/);
    await page.waitForURL('**/notices');
    const row = page.locator('tr').filter({ has: page.locator(`a[href="/notices/${noticeId}"]`) });
    await expect(row.first()).toHaveTextSoon(/红色督办[\s\S]*市教育局[\s\S]*P01[\s\S]*人工交办[\s\S]*待签收[\s\S]*0 天/);
    await expect(page.getByTestId('count-red')).toHaveTextSoon(/1\s*件/);
    expect(await issueButton(page).count()).toBe(0);
    await expect(content(page)).toShowNoCodes();
    await screenshot(page, 'notices-2b-board-unit');

    await row.first().getByRole('link', { name: '查看' }).click();
    await page.waitForURL(`**/notices/${noticeId}`);
    await expect(page.getByTestId('notice-matter')).toHaveTextSoon(MATTER);
    await button(page.getByTestId('notice-actions'), '签收').click();
    await button(page.getByRole('dialog'), '签收').click();
    await expect(page.getByTestId('notice-status')).toHaveTextSoon('已签收');
    await expect(page.getByTestId('notice-timeline-entry').nth(1)).toHaveTextSoon(/签收[\s\S]*市教育局/);

    await button(page.getByTestId('notice-actions'), '整改反馈').click();
    const dialog = page.getByRole('dialog');
    await button(dialog, '确定').click();
    await expect(dialog.getByText('请填写整改措施')).toBeVisibleSoon();
    await dialog.getByLabel('整改措施').fill(MEASURES);
    await pickDate(dialog, dialog.locator('.ant-picker input'), chinaDayFromNow(20));
    await dialog.getByLabel('佐证材料').fill('衡教装〔2025〕30号\n到货验收单');
    await screenshot(page, 'notices-2c-respond');
    await button(dialog, '确定').click();
    await expect(page.getByTestId('notice-status')).toHaveTextSoon('已反馈');
    await expect(page.getByTestId('notice-response')).toHaveTextSoon(/已督促供货商[\s\S]*衡教装〔2025〕30号；到货验收单/);
    expect(await page.getByTestId('notice-actions').count()).toBe(0);
    await expect(content(page)).toShowNoCodes();
    await screenshot(page, 'notices-2d-responded');
  });

  it('3. the coordinator finds the answer in 待办, checks it and closes the notice; the board shows 已销号', async () => {
    const page = await pageFor('coordinator');
    await page.goto('/inbox');
    const waiting = page.getByTestId('notices-waiting');
    await expect(waiting).toHaveTextSoon(/红色督办[\s\S]*待核查/);
    await expect(content(page)).toShowNoCodes();
    await waiting.getByRole('link', { name: '办理' }).click();
    await page.waitForURL(`**/notices/${noticeId}`);
    await expect(page.getByTestId('notice-status')).toHaveTextSoon('已反馈');
    await expect(button(page.getByTestId('notice-actions'), '退回')).toBeVisibleSoon();
    await button(page.getByTestId('notice-actions'), '销号').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('销号意见').fill('整改措施具体，经核查同意销号。');
    await button(dialog, '确定').click();
    await expect(page.getByTestId('notice-status')).toHaveTextSoon('已销号');
    const steps = page.getByTestId('notice-timeline-entry');
    await expect(steps.last()).toHaveTextSoon(/销号[\s\S]*工作专班[\s\S]*销号意见：整改措施具体，经核查同意销号。/);
    expect(await steps.count()).toBe(4);
    // The answer that was checked stays in view once the notice is closed.
    await expect(page.getByTestId('notice-response')).toHaveTextSoon(/已督促供货商/);
    await expect(content(page)).toShowNoCodes();
    await screenshot(page, 'notices-3a-closed');

    await openMenu(page, /督办$/);
    await page.waitForURL('**/notices');
    const row = page.locator('tr').filter({ has: page.locator(`a[href="/notices/${noticeId}"]`) });
    await expect(row.first()).toHaveTextSoon(/红色督办[\s\S]*已销号/);
    await expect(page.getByTestId('count-red')).toHaveTextSoon(/1\s*件[\s\S]*未销号 0 件/);
    await expect(content(page)).toShowNoCodes();
    await screenshot(page, 'notices-3b-board-closed');
  });

  it('4. on a phone the unit reads the board as cards and the notice page in one column', async () => {
    const page = await pageFor('edu', PHONE);
    await openMenu(page, /督办$/);
    await page.waitForURL('**/notices');
    const card = page.getByTestId('notice-card').filter({ has: page.locator(`a[href="/notices/${noticeId}"]`) });
    await expect(card).toHaveTextSoon(/红色督办[\s\S]*已销号/);
    await expect(content(page)).toShowNoCodes();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'notices-4a-board-phone');
    await card.getByRole('link').click();
    await page.waitForURL(`**/notices/${noticeId}`);
    // The page is fetched when first opened: until it is there, the board is still on screen.
    await expect(page.getByTestId('notice-matter')).toHaveTextSoon(MATTER);
    await expect(page.getByTestId('notice-status')).toHaveTextSoon('已销号');
    await expect(content(page)).toShowNoCodes();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'notices-4b-notice-phone');
  });

  it('5. a refusal of the API is shown in Chinese', async () => {
    // A second notice, signed for; the unit's page offers 整改反馈, then the unit answers from elsewhere first.
    const coordinator = await system().login('coordinator');
    const edu = await system().login('edu');
    const issued = await system().call('POST', '/api/notices', coordinator, {
      taskId: P01,
      level: 'blue',
      matter: '请按期报送本月进度。',
      dueDate: chinaDayFromNow(5),
    });
    expect(issued.status).toBe(201);
    expect((await system().call('POST', `/api/notices/${issued.body.id}/acknowledge`, edu)).status).toBe(200);
    const page = await pageFor('edu');
    await page.goto(`/notices/${issued.body.id}`);
    await expect(page.getByTestId('notice-status')).toHaveTextSoon('已签收');
    const answer = { measures: '已安排专人报送。', expectedBy: chinaDayFromNow(3) };
    expect((await system().call('POST', `/api/notices/${issued.body.id}/respond`, edu, answer)).status).toBe(200);

    await button(page.getByTestId('notice-actions'), '整改反馈').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('整改措施').fill('重复提交的反馈。');
    await pickDate(dialog, dialog.locator('.ant-picker input'), chinaDayFromNow(3));
    await button(dialog, '确定').click();
    const alert = dialog.getByRole('alert');
    // One Chinese message per code (invalid_state), then the API's own Chinese words.
    await expect(alert).toHaveTextSoon(/当前状态不允许此操作，请刷新后查看[\s\S]*整改反馈正在核查/);
    await expect(alert).toShowNoCodes();
    expect(await alert.innerText()).not.toMatch(/[A-Za-z]{3,}/);
    await screenshot(page, 'notices-5a-refused');
  });

  it('6. the auditor reads the board without issuing; the administrator may not open it', async () => {
    const auditor = await pageFor('auditor');
    await openMenu(auditor, /督办$/);
    await auditor.waitForURL('**/notices');
    await expect(auditor.locator(`a[href="/notices/${noticeId}"]`).first()).toBeVisibleSoon();
    expect(await issueButton(auditor).count()).toBe(0);
    await expect(content(auditor)).toShowNoCodes();

    const admin = await pageFor('admin');
    expect(await admin.getByRole('menuitem', { name: /督办$/ }).count()).toBe(0);
    await admin.goto(`/notices/${noticeId}`);
    await expect(admin.getByText('无权访问此页面')).toBeVisibleSoon();
    await screenshot(admin, 'notices-6a-admin-refused');
  });
});
