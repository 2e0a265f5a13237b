import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import bundledChromium from '@sparticuz/chromium';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(__dirname, '../..');
const WEB_SOURCES = [
  join(ROOT, 'apps/web/src'),
  join(ROOT, 'apps/web/public'),
  join(ROOT, 'apps/web/index.html'),
  join(ROOT, 'apps/web/vite.config.ts'),
];
const BUILT_INDEX = join(ROOT, 'dist/web/index.html');
export const ARTIFACTS = join(ROOT, 'tests/artifacts');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/**
 * The API serves dist/web only if it exists when the API starts, so a fresh clone (or an edited
 * console) is built first. Vite runs in a child process: it is ESM-only and Jest's module
 * system would have to be told to load ES modules.
 */
export async function ensureWebBuild(): Promise<void> {
  const builtAt = existsSync(BUILT_INDEX) ? statSync(BUILT_INDEX).mtimeMs : 0;
  if (builtAt > Math.max(...WEB_SOURCES.map(newestChange))) return;
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
    // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (!existsSync(BUILT_INDEX)) throw new Error('vite build finished without dist/web/index.html');
}

export interface Browser {
  context: BrowserContext;
  /** A new tab: its own sessionStorage, so its own signed-in user. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** Requests to anything but the system under test, and errors thrown in pages. */
  problems: string[];
  close(): Promise<void>;
}

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * The browser the tests drive: CHROMIUM_PATH when it names a file; the Chromium that the npm
 * package @sparticuz/chromium carries inside itself when it says `bundled` (as CI does) or when
 * the machine has no Debian chromium. `npm install` alone thus brings a browser.
 */
export async function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const wanted = env.CHROMIUM_PATH;
  if (wanted && wanted !== 'bundled') return wanted;
  if (!wanted && existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  // Unpacks the browser into the temporary folder on first use (a few seconds), then reuses it.
  return bundledChromium.executablePath();
}

/** Chromium, headless, on a fresh profile, in a Chinese locale and China's time zone. */
export async function launchBrowser(baseUrl: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'ledger-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: await chromiumExecutable(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
    viewport: DESKTOP,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: baseUrl,
  });
  const problems: string[] = [];
  const origin = new URL(baseUrl).origin;
  const watch = (page: Page) => {
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))
        problems.push(`request outside the system: ${url}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    problems,
    newPage: async (viewport = DESKTOP) => {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Bytes of font files the page has loaded so far (what the bundled CJK face costs a visit). */
export async function fontBytesLoaded(page: Page): Promise<{ files: number; bytes: number }> {
  return page.evaluate(() => {
    const entries = (
      globalThis as unknown as { performance: { getEntriesByType(type: 'resource'): Array<{ name: string; encodedBodySize: number }> } }
    ).performance
      .getEntriesByType('resource')
      .filter((entry) => /\.woff2?$/.test(new URL(entry.name).pathname));
    return { files: entries.length, bytes: entries.reduce((sum, entry) => sum + entry.encodedBodySize, 0) };
  });
}

export async function screenshot(page: Page, name: string, path = join(ARTIFACTS, `${name}.png`)): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface ChineseRendering {
  /** The labels that were looked for and are missing from the page. */
  missing: string[];
  /** Whether two different Chinese characters, and a character and '\uFFFF', drew different pixels. */
  distinctGlyphs: boolean;
  /** The fonts Chromium actually drew the matched element with. */
  platformFonts: string[];
}

/**
 * Whether the page shows `labels` and draws Chinese with a real CJK font. Without one every
 * character becomes the same missing-glyph box (tofu), so two different characters, or a
 * character and the noncharacter U+FFFF, would draw identical pixels in the page's font; and
 * Chromium must name a CJK font as the one it rendered the element with.
 */
export async function chineseRendering(page: Page, labels: string[], selector = 'h3, h1, .ant-typography'): Promise<ChineseRendering> {
  // Pages are loaded by route: until a page's code has arrived only a spinner shows. Wait (a while)
  // for the labels, then report whichever are still missing.
  await page
    .waitForFunction(
      (expected) => expected.every((label) => (globalThis as unknown as InPage).document.body.innerText.includes(label)),
      labels,
      { timeout: 20_000 },
    )
    .catch(() => undefined);
  // The console's font arrives after the text (font-display: swap); measure once it has.
  await page.evaluate(() => (globalThis as unknown as InPage).document.fonts.ready.then(() => undefined));
  const text = await page.locator('body').innerText();
  const missing = labels.filter((label) => !text.includes(label));
  const distinctGlyphs = await page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as InPage;
    const font = getComputedStyle(document.body).fontFamily;
    const pixels = (character: string) => {
      const canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 40;
      const context = canvas.getContext('2d');
      context.font = `32px ${font}`;
      context.textBaseline = 'top';
      context.fillText(character, 2, 2);
      return context.getImageData(0, 0, 40, 40).data.join(',');
    };
    const [min, sheng, tofu] = ['民', '生', '\uFFFF'].map(pixels);
    return min !== sheng && min !== tofu;
  });
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    await cdp.send('CSS.enable');
    const { fonts } = nodeId ? await cdp.send('CSS.getPlatformFontsForNode', { nodeId }) : { fonts: [] };
    return { missing, distinctGlyphs, platformFonts: fonts.filter((f) => f.glyphCount > 0).map((f) => f.familyName) };
  } finally {
    await cdp.detach();
  }
}

// The few browser globals the measurement uses (this project compiles without the DOM library).
interface InPage {
  document: {
    body: { innerText: string };
    fonts: { ready: Promise<unknown> };
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        font: string;
        textBaseline: string;
        fillText(text: string, x: number, y: number): void;
        getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> & { join(separator: string): string } };
      };
    };
  };
  getComputedStyle(element: unknown): { fontFamily: string };
}

/**
 * The Chinese face the console ships (@fontsource/noto-sans-sc), as Chromium names it (its slices
 * say "Noto Sans SC Thin SemiBold" and the like): what every page must draw with, whatever the
 * machine has installed. A system Noto is "Noto Sans CJK SC" and does not match.
 */
export const CONSOLE_FONT = /^Noto Sans SC\b/;

/** Signs a demo account in through the login form and waits for its home page. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2 A and AA rules on the page as it stands; the serious and critical findings. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: the console's Content-Security-Policy refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(options: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) }));
  });
  return (violations as Violation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length}× e.g. ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}
