import type { Locator, Page } from 'playwright-core';
import { button, consoleSession, content } from './console-session';
import './matchers';
import { screenshot } from './support';

jest.setTimeout(420_000);

const NEW_USER = 'zhang.wei';
const FIRST_PASSWORD = 'Chushi-mima-2025';
const SECOND_PASSWORD = 'Chongzhi-mima-2025';

const rowOf = (scope: Locator, text: string | RegExp) => scope.locator('tbody tr').filter({ hasText: text });

/**
 * Picks a unit in the dialog's 所属单位 and waits until the dialog shows it (the dropdown is
 * outside the dialog): a click that lands while the dropdown is still opening selects nothing,
 * so the pick is tried again, up to 3 times.
 */
async function pickUnit(page: Page, dialog: Locator, name: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await dialog.getByLabel('所属单位').click();
    await page.locator('.ant-select-item-option').filter({ hasText: name }).first().click();
    try {
      await dialog.filter({ hasText: name }).waitFor({ state: 'visible', timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** 账号管理, 单位管理 and 通知渠道 as the system administrator uses them, against the whole system. */
describe('the administrator’s pages in the web console, in Chromium', () => {
  const session = consoleSession('admin-browser');
  const { pageFor } = session;
  const login = (username: string, password: string) => session.system().call('POST', '/api/auth/login', undefined, { username, password });

  it('1. creates a unit’s account, moves it to another unit, resets its password, unlocks and disables it', async () => {
    const page = await pageFor('admin');
    await page.waitForURL('**/admin/accounts');
    const accounts = page.getByTestId('accounts');
    await expect(rowOf(accounts, 'coordinator')).toHaveTextSoon(/coordinator[\s\S]*工作专班办公室[\s\S]*正常/);
    await expect(page.locator('.ant-pagination-total-text')).toHaveTextSoon(/共 \d+ 个账号/);

    await button(page, '新建账号').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(NEW_USER);
    await dialog.getByLabel('初始密码').fill(FIRST_PASSWORD);
    await dialog.getByLabel('姓名').fill('张伟');
    await pickUnit(page, dialog, '市教育局');
    await button(dialog, '保存').click();
    await expect(page.getByText('账号已创建')).toBeVisibleSoon();
    await page.getByLabel('按用户名或姓名查找').fill(NEW_USER);
    await page.getByLabel('按用户名或姓名查找').press('Enter');
    const row = rowOf(accounts, NEW_USER);
    await expect(row).toHaveTextSoon(/张伟[\s\S]*牵头单位[\s\S]*市教育局[\s\S]*正常/);
    expect((await login(NEW_USER, FIRST_PASSWORD)).status).toBe(200);

    await button(row, '修改').click();
    // The unit list is long and drawn as it scrolls: typed, the wanted unit is the one option.
    await dialog.getByLabel('所属单位').fill('市卫生健康委');
    await page.locator('.ant-select-item-option').filter({ hasText: '市卫生健康委' }).first().click();
    await button(dialog, '保存').click();
    await expect(row).toHaveTextSoon(/张伟[\s\S]*市卫生健康委/);

    await button(row, '重置密码').click();
    await dialog.getByLabel('新密码').fill(SECOND_PASSWORD);
    await button(dialog, '重置').click();
    await expect(page.getByText('密码已重置')).toBeVisibleSoon();
    expect((await login(NEW_USER, FIRST_PASSWORD)).status).toBe(401);
    expect((await login(NEW_USER, SECOND_PASSWORD)).status).toBe(200);

    // A failed sign-in leaves the account's back-off counters (a success clears them): unlocking ends them.
    expect((await login(NEW_USER, 'not-the-password')).status).toBe(401);
    await button(row, '解除锁定').click();
    await expect(page.getByText('已解除 zhang.wei 的登录锁定')).toBeVisibleSoon();

    await button(row, '停用').click();
    await button(page.locator('.ant-modal-confirm'), '确定').click();
    await expect(row).toHaveTextSoon(/已停用/);
    expect((await login(NEW_USER, SECOND_PASSWORD)).status).not.toBe(200);
    await screenshot(page, 'admin-1-accounts');
  });

  it('2. refuses a bad account in the dialog, naming the field in Chinese', async () => {
    const page = await pageFor('admin');
    await page.goto('/admin/accounts');
    await button(page, '新建账号').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('Bad Name!');
    await dialog.getByLabel('初始密码').fill(FIRST_PASSWORD);
    await dialog.getByLabel('姓名').fill('李四');
    await pickUnit(page, dialog, '市教育局');
    await button(dialog, '保存').click();
    await expect(dialog.getByRole('alert')).toHaveTextSoon(/用户名：/);
    await button(dialog, '取消').click();
  });

  it('3. lists the units with their aliases and renames one, keeping the old name as an alias', async () => {
    const page = await pageFor('admin');
    await page.getByRole('menuitem', { name: /单位管理/ }).click();
    await page.waitForURL('**/admin/units');
    const units = page.getByTestId('units');
    const edu = rowOf(units, /^\s*edu\b/);
    await expect(edu).toHaveTextSoon(/市教育局/);
    await button(edu, '更名').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('新名称').fill('市教育和体育局');
    await button(dialog, '保存').click();
    await expect(edu).toHaveTextSoon(/市教育和体育局[\s\S]*市教育局/);
    await screenshot(page, 'admin-3-units');
  });

  it('4. adds a 企业微信 channel for every unit and disables it', async () => {
    const page = await pageFor('admin');
    await page.getByRole('menuitem', { name: /通知渠道/ }).click();
    await page.waitForURL('**/admin/channels');
    await expect(content(page).getByText('尚未配置通知渠道')).toBeVisibleSoon();
    await button(page, '新增渠道').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('教育局工作群');
    await dialog.getByLabel('地址').fill('http://127.0.0.1:9/robot');
    await button(dialog, '保存').click();
    const channel = rowOf(page.getByTestId('channels'), '教育局工作群');
    await expect(channel).toHaveTextSoon(/企业微信群机器人[\s\S]*全部[\s\S]*启用/);
    await button(channel, '停用').click();
    await button(page.locator('.ant-modal-confirm'), '停用').click();
    await expect(channel).toHaveTextSoon(/已停用/);
    await screenshot(page, 'admin-4-channels');
  });
});
