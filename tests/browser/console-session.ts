import type { Locator, Page } from 'playwright-core';
import { startTestSystem, type TestSystem } from '../support/system';
import './matchers';
import { DESKTOP, ensureWebBuild, launchBrowser, signIn, type Browser } from './support';

/** A label as the accessible name has it (antd may put spaces between two characters). */
export const label = (text: string) => new RegExp(`^\\s*${[...text].join('\\s*')}\\s*$`);
export const button = (scope: Page | Locator, text: string) => scope.getByRole('button', { name: label(text) });
/** The page's content, without the header (which shows the signed-in account's name). */
export const content = (page: Page) => page.locator('main');
/** A China day `days` from now, written YYYY-MM-DD, as a date picker takes it. */
export const chinaDayFromNow = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

// This project compiles without the DOM library; the one browser global read here.
export const pageWidth = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );

/** Types a day into a date picker inside a dialog and waits for the picker to close. */
export async function pickDate(scope: Locator, input: Locator, day: string): Promise<void> {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  const [year, month, date] = day.split('-').map(Number);
  await expect(input).toHaveValueSoon(`${year}年${month}月${date}日`);
  // The picker's panel closes on Enter; clicking the dialog's title makes sure it does, and it is
  // waited for, so a screenshot does not catch it fading.
  await scope.locator('.ant-modal-title').click();
  await expect(scope.page().locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)')).toBeHiddenSoon();
}

export interface ConsoleSession {
  system(): TestSystem;
  /** A signed-in tab per account and screen size, opened once. */
  pageFor(username: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Opens a menu entry, through the phone's menu button when the entry is hidden. */
  openMenu(page: Page, name: RegExp): Promise<void>;
}

/**
 * A describe block's whole system and browser: started before its tests, stopped after them;
 * every test must leave the browser without problems (requests outside, page errors).
 */
export function consoleSession(name: string): ConsoleSession {
  let system: TestSystem;
  let browser: Browser;
  const pages: Record<string, Page> = {};
  beforeAll(async () => {
    await ensureWebBuild();
    system = await startTestSystem(name);
    browser = await launchBrowser(system.url);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });
  afterEach(() => {
    expect(browser.problems.splice(0)).toEqual([]);
  });
  return {
    system: () => system,
    async pageFor(username, viewport = DESKTOP) {
      const key = `${username}@${viewport.width}`;
      if (!pages[key]) {
        pages[key] = await browser.newPage(viewport);
        await signIn(pages[key], username, system.config.demoPassword!);
      }
      return pages[key];
    },
    async openMenu(page, name) {
      const entry = page.getByRole('menuitem', { name });
      if (!(await entry.isVisible())) await page.getByRole('button', { name: '菜单' }).click();
      await entry.click();
    },
  };
}
