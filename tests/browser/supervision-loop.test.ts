import type { Locator } from 'playwright-core';
import { button, chinaDayFromNow, consoleSession, content, label, pageWidth, pickDate } from './console-session';
import './matchers';
import { PHONE, screenshot } from './support';

const P01 = 'hengyang-2025-P01';
const URGE_MESSAGE = '请于三个工作日内报送十二月进度。';
const INSTRUCTION = '补充配置电脑要在年底前全部到位，请市教育局倒排工期、挂图作战。';
const CARRIED_OUT = '已召开专题调度会，逐校明确到货和安装时间，十二月二十日前全部完成。';
const REASON = '设备验收需待第三方检测报告，申请延期报送。';

jest.setTimeout(300_000);

/** A table row of task P01 (not P010 …). */
const p01Row = (scope: Locator) => scope.locator('tr, .ant-list-item').filter({ hasText: /P01(?!\d)/ });

/** 催报 → 确认收到; 交办批示 → 阅示 → 落实情况; 延期申请 → 批准, in a real browser against the whole system. */
describe('the supervision loop in the web console, in Chromium', () => {
  const { pageFor, openMenu } = consoleSession('supervision-loop-browser');

  it('1. the coordinator urges an unreported task from the dashboard; a second urge is skipped and says why', async () => {
    const page = await pageFor('coordinator');
    await openMenu(page, /督查看板/);
    await page.waitForURL('**/dashboard');
    await expect(page.getByTestId('dashboard-notices-red')).toHaveTextSoon(/红色督办\s*0\s*件/);
    await button(page, '催报').click();
    const dialog = page.getByRole('dialog');
    const candidates = dialog.getByTestId('urge-candidates');
    // The plan year is over: every task lacks its December report, and all are ticked to begin with.
    await expect(p01Row(candidates).first()).toHaveTextSoon(/P01[\s\S]*市教育局[\s\S]*逾期未报/);
    await candidates.locator('thead .ant-checkbox-input').click();
    await expect(button(dialog, '催报已选的 0 项')).toBeVisibleSoon();
    await p01Row(candidates).first().locator('.ant-checkbox-input').check();
    await dialog.getByLabel('催报说明').fill(URGE_MESSAGE);
    await expect(content(page)).toShowNoCodes();
    await expect(dialog).toShowNoCodes();
    await screenshot(page, 'supervision-1a-urge');
    await button(dialog, '催报已选的 1 项').click();
    await expect(dialog.getByTestId('urge-outcome')).toHaveTextSoon(/已对 1 项任务催报2025年12月进度报告。/);
    await expect(dialog).toShowNoCodes();
    await screenshot(page, 'supervision-1b-urged');
    await button(dialog, '完成').click();

    // Again with P01 and P02: P01 is marked as urged and left unticked; ticked anyway, the API skips it.
    await button(page, '催报').click();
    await expect(p01Row(candidates).first()).toHaveTextSoon(/已催报/);
    await candidates.locator('thead .ant-checkbox-input').click();
    if (await button(dialog, '催报已选的 0 项').isHidden()) await candidates.locator('thead .ant-checkbox-input').click();
    await p01Row(candidates).first().locator('.ant-checkbox-input').check();
    await candidates
      .locator('tr')
      .filter({ hasText: /P02(?!\d)/ })
      .first()
      .locator('.ant-checkbox-input')
      .check();
    await button(dialog, '催报已选的 2 项').click();
    await expect(dialog.getByTestId('urge-outcome')).toHaveTextSoon(
      /已对 1 项任务催报2025年12月进度报告，1 项未催报。[\s\S]*P01：本期已催报/,
    );
    await expect(dialog).toShowNoCodes();
    await screenshot(page, 'supervision-1c-skipped');
    await button(dialog, '完成').click();
  });

  it('2. the unit is told of the 催报 in the header, follows it to its 待办 and acknowledges it', async () => {
    const page = await pageFor('edu');
    // The notification centre: the unread count in the header, the 催报 under it, a click leads to 待办.
    const bell = page.getByRole('button', { name: /^通知，\d+ 条未读$/ });
    await expect(bell).toBeVisibleSoon();
    await bell.click();
    const told = page
      .locator('[data-notification]')
      .filter({ hasText: /催报：P01(?!\d)/ })
      .first();
    await expect(told).toHaveTextSoon(/2025年12月进展报告尚未报送，请尽快报送。/);
    await expect(page.locator('.ant-popover')).toShowNoCodes();
    await screenshot(page, 'supervision-2a-notification');
    await told.click();
    await page.waitForURL('**/inbox');
    const urges = page.getByTestId('urges-waiting');
    await expect(p01Row(urges).first()).toHaveTextSoon(/P01[\s\S]*2025年12月进度报告[\s\S]*请于三个工作日内报送十二月进度。/);
    await expect(content(page)).toShowNoCodes();
    await screenshot(page, 'supervision-2a-urge-todo');
    await button(p01Row(urges).first(), '确认收到').click();
    await expect(p01Row(urges)).toBeHiddenSoon();
    await expect(content(page)).toShowNoCodes();

    const phone = await pageFor('edu', PHONE);
    await openMenu(phone, /待办/);
    await phone.waitForURL('**/inbox');
    await expect(
      phone
        .getByTestId('urges-waiting')
        .getByRole('button', { name: label('确认收到') })
        .first(),
    ).toBeVisibleSoon();
    await expect(content(phone)).toShowNoCodes();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(phone, 'supervision-2b-todo-phone');
  });

  it('3. the office records an instruction on the task; the unit reads it and reports how it was carried out', async () => {
    const office = await pageFor('office');
    await office.goto(`/tasks/${P01}`);
    await expect(office.getByTestId('task-instructions')).toHaveTextSoon(/暂无领导批示/);
    await button(office, '交办批示').click();
    const dialog = office.getByRole('dialog');
    // The plan's 召集人 and its four 副召集人, by position and unit: no other unit is offered.
    const leaders = dialog.getByRole('radiogroup', { name: '批示领导' }).getByRole('radio');
    await expect(dialog.getByRole('radiogroup', { name: '批示领导' })).toHaveTextSoon(
      /^\s*召集人（市政府分管副市长）\s*副召集人（市政府协管副秘书长）\s*副召集人（市人力资源和社会保障局主要负责人）\s*副召集人（市生态环境局主要负责人）\s*副召集人（市农业农村局主要负责人）\s*$/,
    );
    expect(await leaders.count()).toBe(5);
    await button(dialog, '录入').click();
    await expect(dialog.getByText('请选择批示领导')).toBeVisibleSoon();
    await dialog.getByRole('radio', { name: '副召集人（市人力资源和社会保障局主要负责人）' }).check();
    await dialog.getByLabel('批示内容').fill(INSTRUCTION);
    await screenshot(office, 'supervision-3a-record');
    await button(dialog, '录入').click();
    const instruction = office.getByTestId('instruction').first();
    await expect(instruction).toHaveTextSoon(
      /副召集人（市人力资源和社会保障局主要负责人）批示[\s\S]*待阅示[\s\S]*年底前全部到位[\s\S]*市教育局\s*未阅示/,
    );
    await expect(content(office)).toShowNoCodes();
    await screenshot(office, 'supervision-3b-recorded');

    const page = await pageFor('edu');
    // The unit's tab is still on 待办 from the 催报: it reads the page afresh.
    await page.goto('/inbox');
    const waiting = page.getByTestId('instructions-waiting');
    await expect(waiting).toHaveTextSoon(/副召集人（市人力资源和社会保障局主要负责人）批示[\s\S]*待阅示[\s\S]*P01/);
    await expect(content(page)).toShowNoCodes();
    await screenshot(page, 'supervision-3c-instruction-todo');
    await button(waiting, '阅示').click();
    await expect(waiting).toHaveTextSoon(/待报落实情况/);
    await button(waiting, '报送落实情况').click();
    const report = page.getByRole('dialog');
    await button(report, '报送').click();
    await expect(report.getByText('请填写落实情况')).toBeVisibleSoon();
    await report.getByLabel('落实情况').fill(CARRIED_OUT);
    await screenshot(page, 'supervision-3d-carried-out');
    await button(report, '报送').click();
    await expect(waiting).toBeHiddenSoon();

    await office.reload();
    await expect(office.getByTestId('instruction').first()).toHaveTextSoon(
      /已落实[\s\S]*市教育局\s*已阅示[\s\S]*落实情况：已召开专题调度会/,
    );
    await expect(content(office)).toShowNoCodes();
    await screenshot(office, 'supervision-3e-task-page');

    const phone = await pageFor('edu', PHONE);
    await phone.goto(`/tasks/${P01}`);
    await expect(phone.getByTestId('instruction-report').first()).toHaveTextSoon(/落实情况：已召开专题调度会/);
    await expect(content(phone)).toShowNoCodes();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(phone, 'supervision-3f-task-phone');
  });

  it('4. the unit asks for more time for a period; the office approves; the unit sees 已批准', async () => {
    const page = await pageFor('edu');
    await page.goto(`/tasks/${P01}`);
    await button(page, '申请延期').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('combobox', { name: '报告期间' })).toBeVisibleSoon();
    await expect(dialog).toHaveTextSoon(/2025年12月/);
    await pickDate(dialog, dialog.getByPlaceholder('延期后的截止日期'), chinaDayFromNow(10));
    await dialog.getByLabel('申请理由').fill(REASON);
    await screenshot(page, 'supervision-4a-ask');
    await button(dialog, '提交申请').click();
    const mine = page.getByTestId('task-extensions');
    await expect(mine.locator('tr.extension-row').first()).toHaveTextSoon(/2025年12月进度报告报送期限[\s\S]*市教育局[\s\S]*待审批/);
    await expect(content(page)).toShowNoCodes();

    const office = await pageFor('office');
    await openMenu(office, /延期申请/);
    await office.waitForURL('**/extensions');
    const row = office.locator('tr.extension-row').filter({ hasText: REASON });
    await expect(row.first()).toHaveTextSoon(/P01[\s\S]*原期限 2026年1月25日 23:59[\s\S]*市教育局[\s\S]*待审批/);
    await expect(content(office)).toShowNoCodes();
    await screenshot(office, 'supervision-4b-pending');
    await button(row.first(), '批准').click();
    const decide = office.getByRole('dialog');
    await decide.getByLabel('审批意见').fill('同意延期，请按期报送。');
    await button(decide, '批准').click();
    // Decided, it leaves the pending tab; the whole list shows the outcome.
    await expect(row).toBeHiddenSoon();
    await office.getByRole('tab', { name: '全部' }).click();
    await expect(office.locator('tr.extension-row').filter({ hasText: REASON }).first()).toHaveTextSoon(/已批准[\s\S]*同意延期/);
    await expect(content(office)).toShowNoCodes();
    await screenshot(office, 'supervision-4c-approved');

    await openMenu(page, /延期申请/);
    await page.waitForURL('**/extensions');
    await expect(page.getByTestId('extension-outcome').first()).toHaveTextSoon(/已批准[\s\S]*意见：同意延期，请按期报送。/);
    await expect(content(page)).toShowNoCodes();
    await screenshot(page, 'supervision-4d-requester');

    const phone = await pageFor('edu', PHONE);
    await openMenu(phone, /延期申请/);
    await phone.waitForURL('**/extensions');
    await expect(phone.getByTestId('extension-outcome').first()).toHaveTextSoon(/已批准/);
    await expect(content(phone)).toShowNoCodes();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(phone, 'supervision-4e-requester-phone');
  });

  it('5. on a phone the coordinator reads the dashboard counts; the administrator may not open the requests', async () => {
    const phone = await pageFor('coordinator', PHONE);
    await openMenu(phone, /督查看板/);
    await phone.waitForURL('**/dashboard');
    await expect(phone.getByTestId('dashboard-notices')).toHaveTextSoon(/未销号督办单/);
    await expect(content(phone)).toShowNoCodes();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(phone, 'supervision-5a-dashboard-phone');

    const admin = await pageFor('admin');
    expect(await admin.getByRole('menuitem', { name: /延期申请/ }).count()).toBe(0);
    await admin.goto('/extensions');
    await expect(admin.getByText('无权访问此页面')).toBeVisibleSoon();
  });
});
