import type { Page } from 'playwright-core';
import { button, consoleSession, content } from './console-session';
import './matchers';
import { screenshot } from './support';

const P01 = 'hengyang-2025-P01';

jest.setTimeout(300_000);

/** The page's title (h3 of PageTitle) or the refusal, whichever the route shows. */
const heading = (page: Page) => content(page).locator('h3, .ant-result-title').first();

/**
 * Each page of the console opens for the roles whose work it is; any other role gets 无权访问 with a
 * way back, and never the page's form or buttons. Menus list only what the role may open.
 */
describe('the console guards every route by role, in Chromium', () => {
  const { pageFor } = consoleSession('route-guards-browser');

  const menu = async (page: Page) => (await page.getByRole('menuitem').allInnerTexts()).map((text) => text.trim());

  async function expectRefused(page: Page, path: string): Promise<void> {
    await page.goto(path);
    await expect(page.getByTestId('forbidden')).toHaveTextSoon(/无权访问此页面[\s\S]*不能使用该页面/);
    // Nothing of the page behind it: no report form, no bulk approval, no replay.
    for (const what of ['提交', '批量通过', '批量签发', '哈希链校验', '指标填报'])
      expect({ path, what, count: await content(page).getByText(what).count() }).toEqual({ path, what, count: 0 });
    await expect(content(page)).toShowNoCodes();
  }

  async function expectOpens(page: Page, path: string, title: RegExp): Promise<void> {
    await page.goto(path);
    await expect(heading(page)).toHaveTextSoon(title);
    expect(await page.getByTestId('forbidden').count()).toBe(0);
  }

  it('1. the auditor is refused 填报, 待办 and 我的报告, gets back home, and still reads the board, 督办 and 审计', async () => {
    const page = await pageFor('auditor');
    expect(await menu(page)).toEqual(['督查看板', '督办', '延期申请', '督查通报', '审计']);
    for (const path of ['/submit', `/submit/${P01}`, '/inbox', '/reports']) await expectRefused(page, path);
    await expect(page.getByTestId('forbidden')).toHaveTextSoon(/当前账号（督查审计）不能使用该页面/);
    await screenshot(page, 'route-guards-1a-auditor-refused');
    await button(page, '返回首页').click();
    await page.waitForURL('**/dashboard');
    await expect(heading(page)).toHaveTextSoon(/2025年民生补短提质攻坚实施方案/);

    await expectOpens(page, '/audit', /审计回放/);
    await expectOpens(page, '/notices', /督办单/);
    await expectOpens(page, '/extensions', /延期申请/);
    await expectOpens(page, `/tasks/${P01}`, /更新义务教育学校设备/);
  });

  it('2. a unit is refused 审计 and still fills, works its 待办 and reads its reports', async () => {
    const page = await pageFor('edu');
    expect(await menu(page)).not.toContain('审计');
    for (const path of ['/audit', `/audit?taskId=${P01}`]) await expectRefused(page, path);
    await expect(page.getByTestId('forbidden')).toHaveTextSoon(/当前账号（牵头单位）不能使用该页面/);
    await screenshot(page, 'route-guards-2a-unit-refused');
    await button(page, '返回首页').click();
    await page.waitForURL('**/submit');
    await expect(heading(page)).toHaveTextSoon(/本单位牵头任务/);

    await expectOpens(page, `/submit/${P01}`, /填报[\s\S]*P01/);
    await expectOpens(page, '/inbox', /待办/);
    await expectOpens(page, '/reports', /我的报告/);
    await expectOpens(page, '/notices', /本单位督办单/);
    // The task page offers 填报, not the auditor's 查看审计记录.
    await expectOpens(page, `/tasks/${P01}`, /更新义务教育学校设备/);
    expect(await button(page, '查看审计记录').count()).toBe(0);
  });

  it('3. the administrator is offered accounts, units, channels and the board, and refused the pages of the supervision work', async () => {
    const page = await pageFor('admin');
    expect(await menu(page)).toEqual(['账号管理', '单位管理', '通知渠道', '督查看板']);
    for (const path of ['/audit', '/inbox', '/submit', '/notices', '/extensions']) await expectRefused(page, path);
    await expectOpens(page, `/tasks/${P01}`, /更新义务教育学校设备/);
    expect(await button(page, '查看审计记录').count()).toBe(0);
  });
});
