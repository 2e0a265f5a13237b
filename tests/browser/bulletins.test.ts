import { eventually } from '../support/system';
import { button, consoleSession, content } from './console-session';
import './matchers';
import { screenshot } from './support';

jest.setTimeout(300_000);

// Bulletins are one workflow per plan and period on the Temporal server the suites share: this
// suite takes 2025-09 (matrix.test.ts 2025-01 to 2025-04, bulletins-api.test.ts 2025-06 and 2025-07).
const ID = 'bulletin-hengyang-2025-2025-09';
const COMMENTARY = '9月全市民生实事总体推进平稳，进度滞后任务的牵头单位须于下月报送前完成整改。';

/** 督查通报 in a real browser: the staff drafts and comments, the office signs off, a unit opens it and marks it read. */
describe('the monthly bulletin in the web console, in Chromium', () => {
  const { system, pageFor, openMenu } = consoleSession('bulletins-browser');

  it('1. the coordinator drafts the bulletin of a period and writes its commentary', async () => {
    const page = await pageFor('coordinator');
    await openMenu(page, /督查通报/);
    await page.waitForURL('**/bulletins');
    await page.getByRole('combobox', { name: '通报期间' }).click();
    await page.keyboard.type('2025年9月');
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^2025年9月$/ })
      .click();
    await button(page, '起草通报').click();
    await page.waitForURL(`**/bulletins/${ID}`);
    await expect(content(page)).toHaveTextSoon(/督查通报（2025年9月）[\s\S]*草稿（第 1 版，未签发）/);
    await expect(content(page)).toHaveTextSoon(/成员单位按时报送排名[\s\S]*市教育局/);
    await page.getByLabel('通报意见').fill(COMMENTARY);
    await button(page, '保存通报意见').click();
    await expect(page.getByText('通报意见已保存')).toBeVisibleSoon();
    await expect(page.locator('.bulletin-commentary')).toHaveTextSoon(COMMENTARY);
    await expect(content(page)).toShowNoCodes();
    await screenshot(page, 'bulletins-1-drafted');
  });

  it('2. the office signs it off (签发)', async () => {
    const page = await pageFor('office');
    await openMenu(page, /督查通报/);
    await page.waitForURL('**/bulletins');
    await page.getByRole('link', { name: '2025年9月督查通报' }).click();
    await page.waitForURL(`**/bulletins/${ID}`);
    await button(page, '签发').click();
    await expect(page.getByText('已签发').first()).toBeVisibleSoon();
    await expect(content(page)).toHaveTextSoon(/工作专班办公室 \d{4}年\d+月\d+日 \d{2}:\d{2} 签发/);
    await screenshot(page, 'bulletins-2-signed-off');
  });

  it('3. a member unit opens it from its list, reads it and marks it read (已阅)', async () => {
    const token = await system().login('edu');
    await eventually(async () => ((await system().call('GET', '/api/bulletins', token)).body.length === 1 ? true : undefined));
    const page = await pageFor('edu');
    await openMenu(page, /督查通报/);
    await page.waitForURL('**/bulletins');
    await expect(content(page)).toHaveTextSoon(/2025年9月督查通报[\s\S]*已签发[\s\S]*未阅/);
    await page.getByRole('link', { name: '2025年9月督查通报' }).click();
    await page.waitForURL(`**/bulletins/${ID}`);
    await expect(page.locator('.bulletin-commentary')).toHaveTextSoon(COMMENTARY);
    await button(page, '标记已阅').click();
    await expect(page.getByText('已标记已阅')).toBeVisibleSoon();
    await expect(button(page, '标记已阅')).toBeHiddenSoon();
    const bulletin = (await system().call('GET', `/api/bulletins/${ID}`, token)).body;
    expect(bulletin.published.readBy.map((r: { unitId: string }) => r.unitId)).toEqual(['edu']);
    // The print view: the document alone, for A4.
    await page.getByRole('link', { name: '打印版' }).click();
    await page.waitForURL(`**/bulletins/${ID}/print`);
    await expect(page.locator('.bulletin-print h1')).toHaveTextSoon('2025年民生补短提质攻坚实施方案督查通报（2025年9月）');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.ant-layout-sider')).toBeHiddenSoon();
    await page.emulateMedia({ media: 'screen' });
    await screenshot(page, 'bulletins-3-print');
  });
});
