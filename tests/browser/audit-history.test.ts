import { taskId as taskIdOf } from '@ledger/domain';
import { allTasks } from '@ledger/plan-catalog';
import { loadDefaultCatalog } from '../../apps/launcher/src/bootstrap';
import { syntheticReport } from '../../bench/synthetic-reports';
import { consoleSession, content } from './console-session';
import './matchers';

jest.setTimeout(300_000);

/** Events of the timeline the API answers on one page (apps/api/src/audit/target-history.ts HISTORY_PAGE). */
const PAGE = 50;

/**
 * The audit replay shows the latest page of a task's events; 加载更早的记录 puts the pages before it
 * above, each event once, until the whole timeline is shown and the button goes.
 */
describe('the audit replay pages a long timeline, in Chromium', () => {
  const session = consoleSession('audit-history-browser');

  it('loads earlier events page by page until the first one, then says how many there are', async () => {
    const system = session.system();
    const catalog = loadDefaultCatalog();
    const p02 = allTasks(catalog.plan).find((task) => task.code === 'P02')!;
    const task = {
      planId: catalog.plan.id,
      taskId: taskIdOf(catalog.plan.id, p02.code),
      leadUnits: p02.leadUnits,
      indicatorIds: p02.indicators.map((indicator) => indicator.id),
    };
    // 25 report lifecycles of P02 written to the log as the workflows would: well over two pages of events.
    for (let n = 0; n < 25; n += 1) {
      const report = syntheticReport(task, `2025-${String((n % 12) + 1).padStart(2, '0')}`, n, Date.UTC(2025, 0, 1) + n * 3_600_000);
      await system.storage.store.append(report.streamId, 'no_stream', report.events);
    }
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const total = Number(
      (await system.storage.pool.query(`select count(*)::int as n from rm_task_events where task_id = $1`, [task.taskId])).rows[0].n,
    );
    expect(total).toBeGreaterThan(2 * PAGE);

    const page = await session.pageFor('auditor');
    await page.goto(`/audit?taskId=${encodeURIComponent(task.taskId)}`);
    const events = content(page).getByTestId('audit-event');
    await expect(content(page)).toHaveTextSoon(new RegExp(`事件记录（最近 ${PAGE} 条）`));
    expect(await events.count()).toBe(PAGE);
    // By its text: while its loading icon fades out, the icon's "loading" is part of the button's accessible name.
    const earlierButton = () => content(page).locator('button', { hasText: '加载更早的记录' });
    const positions = async () =>
      (await events.allInnerTexts()).map((text) => Number(/#(\d+)/.exec(text)?.[1])).filter((n) => Number.isFinite(n));

    for (let expected = PAGE; expected < total;) {
      await earlierButton().click();
      expected = Math.min(total, expected + PAGE);
      await expect(content(page)).toHaveTextSoon(new RegExp(`事件记录（${expected < total ? '最近' : '共'} ${expected} 条）`));
      expect(await events.count()).toBe(expected);
    }
    expect(await earlierButton().count()).toBe(0);
    const shown = await positions();
    expect(shown).toHaveLength(total);
    // Oldest first, each once.
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(new Set(shown).size).toBe(total);
    await expect(content(page)).toShowNoCodes();
  });
});
