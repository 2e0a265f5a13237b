import { eventually } from '../support/system';
import { button, consoleSession } from './console-session';
import './matchers';

const P01 = 'hengyang-2025-P01';

// A Vite build, the whole system's start and a report signed off before the browser starts.
jest.setTimeout(300_000);

/**
 * The report form tells the unit what the API will ask before it refuses: why a cumulative value
 * is below the signed-off one, and whether an implausible value is meant; the reviewer sees what
 * it weighs a value by. An expired session sends the unit to sign in again and back, its draft kept.
 */
describe('the report form, in Chromium', () => {
  const { system, pageFor } = consoleSession('report-form');
  let reportId: string;

  beforeAll(async () => {
    // November is signed off at 20,000 台 and 100 个: December's floor.
    const edu = await system().login('edu');
    const submitted = await system().call('POST', '/api/reports', edu, {
      taskId: P01,
      period: '2025-11',
      values: [
        { indicatorId: 'P01-1', value: 20000 },
        { indicatorId: 'P01-2', value: 100 },
      ],
      narrative: '十一月进展',
    });
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    for (const reviewer of ['coordinator', 'office']) {
      const answer = await system().call('POST', `/api/reports/${id}/approve`, await system().login(reviewer), {});
      expect([reviewer, answer.status]).toEqual([reviewer, 200]);
    }
    await eventually(async () => {
      const tasks = await system().call('GET', '/api/tasks', edu);
      const p01 = (tasks.body as Array<{ id: string; progress: unknown[] }>).find((t) => t.id === P01);
      return p01 && p01.progress.length === 2 ? true : undefined;
    }, 30_000);
  });

  it('asks why a value is below the signed-off one, and to confirm an implausible one; then it is flagged for the reviewer', async () => {
    const page = await pageFor('edu');
    await page.goto(`/submit/${P01}?period=2025-12`);
    await page.getByLabel('补充配置电脑').fill('15000');
    // The reason's field appears with the signed-off value beside it, before anything is sent.
    const why = page.getByTestId('explanation-P01-1');
    await expect(why).toHaveTextSoon(/低于已签发值的原因（已签发 20,000 台，2025年11月）/);
    await page.getByLabel('建设物理化学生物考室').fill('999999999');
    await page.getByLabel('进展情况').fill('十二月进展。');
    await page.getByRole('button', { name: /提交.*报告/ }).click();
    await expect(why).toHaveTextSoon(/低于已签发累计值，请说明原因/);
    await page.getByLabel('补充配置电脑低于已签发值的原因').fill('重复登记核减 5000 台');
    await page.getByRole('button', { name: /提交.*报告/ }).click();

    // The API questions 999,999,999 个 against 297: the unit confirms it or corrects it.
    const questioned = page.getByTestId('implausible-P01-2');
    await expect(questioned).toHaveTextSoon(/“建设物理化学生物考室”填报值异常，请核实[\s\S]*目标 ≥ 297 个/);
    const alert = page.getByRole('alert').filter({ hasText: '填写内容有误' });
    await expect(alert).toHaveTextSoon(/建设物理化学生物考室：数值异常，请核实后确认/);
    expect(await alert.textContent()).not.toMatch(/[A-Za-z]{3,}/);
    await questioned.getByText('我已核实，该数值无误').click();
    await page.getByRole('button', { name: /提交.*报告/ }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    reportId = page.url().split('/').pop()!;

    const stored = await system().call('GET', `/api/reports/${reportId}`, await system().login('edu'));
    expect(stored.body.values).toEqual([
      { indicatorId: 'P01-1', value: 15000, explanation: '重复登记核减 5000 台' },
      { indicatorId: 'P01-2', value: 999999999, confirmedImplausible: true, implausible: ['far_above_target', 'jump_out_of_line'] },
    ]);

    const coordinator = await pageFor('coordinator');
    await coordinator.goto(`/reports/${reportId}`);
    await expect(coordinator.getByTestId('implausible-flag-P01-2')).toHaveTextSoon(/数值异常（填报单位已确认）：远超目标值、单期增幅异常/);
    await expect(coordinator.getByTestId('signed-off-P01-1')).toHaveTextSoon(/20,000 台（\s*2025年11月）/);
    await expect(coordinator.getByTestId('increase-P01-1')).toHaveTextSoon('−5,000 台');
    await expect(coordinator.getByText('说明：重复登记核减 5000 台')).toBeVisibleSoon();
  });

  it('says an expired session has expired, comes back to the same page after signing in, and keeps the draft', async () => {
    const page = await pageFor('edu');
    const form = `/submit/${P01}?period=2025-10`;
    await page.goto(form);
    await page.getByLabel('补充配置电脑').fill('12000');
    await page.getByLabel('进展情况').fill('十月进展：已完成招标。');
    // The session runs out: neither the access token nor the refresh token is taken any more.
    // (A string: the page's globals are not this file's types.)
    await page.evaluate(`(() => {
      const session = JSON.parse(sessionStorage.getItem('ledger.session'));
      sessionStorage.setItem('ledger.session', JSON.stringify({ ...session, accessToken: 'expired', refreshToken: 'expired' }));
    })()`);
    await page.getByLabel('建设物理化学生物考室').fill('80');
    await page.getByRole('button', { name: /提交.*报告/ }).click();
    await page.waitForURL('**/login?next=**');
    await expect(page.getByRole('alert')).toHaveTextSoon(/登录已过期，请重新登录/);
    expect(new URL(page.url()).searchParams.get('next')).toBe(form);
    await page.getByLabel('用户名').fill('edu');
    await page.getByLabel('密码').fill(system().config.demoPassword!);
    await button(page, '登录').click();
    await page.waitForURL((url) => url.pathname + url.search === form);
    await expect(page.getByLabel('补充配置电脑')).toHaveValueSoon('12000');
    await expect(page.getByLabel('建设物理化学生物考室')).toHaveValueSoon('80');
    await expect(page.getByLabel('进展情况')).toHaveValueSoon('十月进展：已完成招标。');
    await page.getByRole('button', { name: /提交.*报告/ }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    // Submitted, the draft is gone: the form for the period starts empty again.
    expect(await page.evaluate(`Object.keys(localStorage).filter((key) => key.startsWith('ledger.draft'))`)).toEqual([]);
  });
});
