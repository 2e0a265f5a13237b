import type { Page, Request, Route } from 'playwright-core';
import { consoleSession, content } from './console-session';
import './matchers';
import { DESKTOP, PHONE, screenshot, seriousViolations } from './support';

jest.setTimeout(300_000);

// The few browser globals read here (this project compiles without the DOM library).
type InPage = {
  document: { getElementById(id: string): { inert: boolean; clientWidth: number; scrollWidth: number } | null };
  __ledgerFirstView?: unknown;
};

/**
 * The console's module entry held back until `release()`, as a slow desktop would still be
 * starting it; `release()` lets it through and takes the hold away once it has passed.
 */
async function holdConsoleEntry(page: Page): Promise<{ held: Promise<void>; release(): Promise<void> }> {
  let letThrough!: () => void;
  const released = new Promise<void>((resolve) => (letThrough = resolve));
  let seen!: () => void;
  const held = new Promise<void>((resolve) => (seen = resolve));
  let passed: Promise<void> = Promise.resolve();
  const entry = /\/assets\/index-[\w-]+\.js$/;
  const handler = (route: Route) => {
    seen();
    passed = released.then(() => route.continue());
    return passed;
  };
  await page.route(entry, handler);
  return {
    held,
    release: async () => {
      letThrough();
      await passed;
      await page.unroute(entry, handler);
    },
  };
}

const counted = (requests: Request[], path: string) => requests.filter((request) => new URL(request.url()).pathname === path).length;

/**
 * A cold load of the dashboard draws its first view (first-view/) from the API's answer before the
 * console's code runs, then the console's own page takes its place, with the same figures and
 * without asking the API again.
 */
describe('the dashboard first view, in Chromium', () => {
  const session = consoleSession('first-view-browser');

  it.each([
    { size: 'desktop', viewport: DESKTOP },
    { size: 'phone', viewport: PHONE },
  ])("draws the API's figures before the console starts, then gives way to the console's page ($size)", async ({ size, viewport }) => {
    const page = await session.pageFor('coordinator', viewport);
    const requests: Request[] = [];
    const listen = (request: Request) => requests.push(request);
    page.on('request', listen);
    const entry = await holdConsoleEntry(page);
    try {
      const answer = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/dashboard');
      await page.goto('/dashboard', { waitUntil: 'commit' });
      await entry.held;
      const dashboard = (await (await answer).json()) as {
        reporting: Record<'on_time' | 'late' | 'overdue', number>;
        progress: Record<'completed' | 'on_track' | 'behind', number>;
      };
      const view = page.getByTestId('first-view');
      await view.waitFor({ timeout: 30_000 });
      const overdue = view.getByRole('region', { name: '逾期未报' });
      await expect(overdue).toHaveTextSoon(new RegExp(`^逾期未报（${dashboard.reporting.overdue}）`));
      const { completed, on_track, behind } = dashboard.progress;
      await expect(view.getByRole('region', { name: '进度情况' })).toHaveTextSoon(
        new RegExp(`^进度情况\\s*已完成\\s*${completed}\\s*正常推进\\s*${on_track}\\s*进度滞后\\s*${behind}$`),
      );
      await expect(view).toShowNoCodes();
      // The console below is out of reach of the keyboard and readers while the view stands.
      expect(await page.evaluate(() => (globalThis as unknown as InPage).document.getElementById('root')!.inert)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      // Nothing wider than the window: a long list scrolls sideways in its own box, not the view.
      const [viewWidth, scrolled] = await page.evaluate(() => {
        const view = (globalThis as unknown as InPage).document.getElementById('first-view')!;
        return [view.clientWidth, view.scrollWidth];
      });
      expect(scrolled).toBeLessThanOrEqual(viewWidth);
      expect(viewWidth).toBeLessThanOrEqual(viewport.width);
      await screenshot(page, `first-view-${size}`);
    } finally {
      await entry.release();
    }

    // The console's page replaces it, with the same figures.
    await expect(content(page).getByTestId('count-逾期未报')).toHaveTextSoon(/\d/);
    await expect(page.getByTestId('first-view')).toBeHiddenSoon();
    expect(await page.getByTestId('first-view').count()).toBe(0);
    const overdueShown = await content(page).getByTestId('list-逾期未报').locator('.ant-card-head-title').innerText();
    expect(overdueShown).toMatch(/^逾期未报（\d+）$/);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).document.getElementById('root')!.inert)).toBe(false);
    // The console took the view's answers: one request each for the whole load.
    expect(counted(requests, '/api/dashboard')).toBe(1);
    expect(counted(requests, '/api/units')).toBe(1);
    page.off('request', listen);
  });

  it('draws nothing on another page, nor on a dashboard asked for at a moment', async () => {
    const page = await session.pageFor('coordinator');
    for (const path of ['/inbox', `/dashboard?asOf=${encodeURIComponent('2025-06-30T16:00:00.000Z')}`]) {
      const entry = await holdConsoleEntry(page);
      await page.goto(path, { waitUntil: 'commit' });
      await entry.held;
      // Long enough for the view's answer to have come and been drawn, had it been asked for.
      await page.waitForTimeout(1_000);
      expect(await page.getByTestId('first-view').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as unknown as InPage).__ledgerFirstView)).toBeUndefined();
      await entry.release();
      await content(page).locator('h3').first().waitFor({ timeout: 60_000 });
    }
  });
});
