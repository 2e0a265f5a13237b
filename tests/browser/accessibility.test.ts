import type { Page } from 'playwright-core';
import { consoleSession } from './console-session';
import './matchers';
import { DESKTOP, PHONE, seriousViolations } from './support';

jest.setTimeout(1_200_000);

/** Every page of each role's menu (labels.ts menuFor), as the role opens it. */
const PAGES: Record<string, string[]> = {
  edu: ['/submit', '/inbox', '/notices', '/extensions', '/reports', '/bulletins', '/dashboard'],
  coordinator: ['/inbox', '/notices', '/extensions', '/bulletins', '/dashboard'],
  office: ['/inbox', '/notices', '/extensions', '/bulletins', '/dashboard'],
  auditor: ['/dashboard', '/notices', '/extensions', '/bulletins', '/audit'],
  admin: ['/admin/accounts', '/admin/units', '/admin/channels', '/dashboard'],
};

/** The page has drawn its content: a title, a refusal or an error, and no spinner left. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h3, main .ant-result, main .ant-alert').first().waitFor({ timeout: 60_000 });
  await page
    .locator('main .ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 60_000 })
    .catch(() => undefined);
}

/**
 * Every page of every role, on a desktop (1366×768) and a phone (390×844), checked with axe-core:
 * no serious or critical WCAG 2.1 A/AA violation (contrast, names of controls, labels, …).
 */
describe('the console is accessible, in Chromium', () => {
  const { pageFor } = consoleSession('accessibility-browser');

  for (const [viewportName, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)
    it(`has no serious or critical axe violation on any page of any role (${viewportName} ${viewport.width}×${viewport.height})`, async () => {
      const found: Record<string, string[]> = {};
      for (const [username, paths] of Object.entries(PAGES)) {
        const page = await pageFor(username, viewport);
        for (const path of paths) {
          await page.goto(path);
          await settled(page);
          const violations = await seriousViolations(page);
          if (violations.length) found[`${username} ${path}`] = violations;
        }
      }
      expect(found).toEqual({});
    });
});
