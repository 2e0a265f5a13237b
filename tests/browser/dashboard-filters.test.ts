import { consoleSession, content } from './console-session';
import './matchers';

jest.setTimeout(300_000);

/**
 * The dashboard's two dimensions and its filters in Chromium: on the seeded plan with no report
 * yet, every task is both 逾期未报 and 进度滞后 (neither hides the other) and red; the filters
 * narrow the board, and the view exports under a Chinese name.
 */
describe('the dashboard judges reporting and progress apart and filters its tasks, in Chromium', () => {
  const { pageFor, system } = consoleSession('dashboard-filters-browser');

  it('counts the unreported tasks as lagging too, explains the lights, and filters by light and by words', async () => {
    const page = await pageFor('coordinator');
    await page.goto('/dashboard');
    const token = await system().login('coordinator');
    // The figures the page must show, as the API gives them now.
    const board = (await system().call('GET', '/api/dashboard', token)).body;
    const total = board.sections.flatMap((s: any) => s.categories.flatMap((c: any) => c.tasks)).length;

    await expect(page.getByTestId('light-legend')).toHaveTextSoon(/红灯[\s\S]*逾期未报[\s\S]*黄灯[\s\S]*绿灯[\s\S]*按时报送/);
    await expect(page.getByTestId('counts-进度情况')).toHaveTextSoon(new RegExp(`进度滞后\\s*${board.progress.behind}`));
    await expect(page.getByTestId('counts-报送情况')).toHaveTextSoon(new RegExp(`逾期未报\\s*${board.reporting.overdue}`));
    // Both lists by their own dimension: a task overdue and lagging is on both.
    await expect(page.getByTestId('list-进度滞后')).toHaveTextSoon(new RegExp(`进度滞后（${board.progress.behind}）`));
    await expect(page.getByTestId('list-逾期未报')).toHaveTextSoon(new RegExp(`逾期未报（${board.reporting.overdue}）`));

    await page.getByRole('combobox', { name: '红黄绿灯' }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText('绿灯', { exact: true }).click();
    await expect(page.getByTestId('light-legend')).toHaveTextSoon(new RegExp(`绿灯 ${board.lights.green}`));
    await expect(page.getByTestId('light-legend')).toHaveTextSoon(/红灯 0/);

    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.getByLabel('搜索任务').fill('P01');
    await page.getByLabel('搜索任务').press('Enter');
    const lights = page.getByTestId('light-legend');
    await expect(lights).toHaveTextSoon(/红灯 1|黄灯 1|绿灯 1/);
    expect(total).toBeGreaterThan(1);

    const download = page.waitForEvent('download');
    await content(page)
      .getByRole('button', { name: /导出 Excel/ })
      .click();
    expect((await download).suggestedFilename()).toMatch(/^月度进度表（\d{4}年\d{1,2}月）（筛选）\.xlsx$/);
  });
});
