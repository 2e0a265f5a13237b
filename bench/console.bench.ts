import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@ledger/runtime';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * `npm run bench:console` — the console's weight and its first load, as a coordinator opens the
 * dashboard on a cold cache. Starts the whole system as `npm start` does (its own data folder and
 * ports), then, in headless Chromium:
 *
 * - initial JavaScript: what index.html loads before any page (the entry and its preloads), gzip
 *   and raw, from dist/web;
 * - dashboard ready: navigation start → the first frame that draws the dashboard's counts and its
 *   逾期未报 list, whether the first view (first-view/, plain markup) or the console's own page
 *   drew it, on the throttled profile (10 Mbit/s, 40 ms latency, CPU ×4) and unthrottled (the
 *   floor), median of BENCH_RUNS (default 5) cold loads each; beside it, when the console's own
 *   page was drawn (its controls work from then), and the JavaScript each load transferred.
 *
 * Prints a Markdown table for docs/performance.md. CHROMIUM_PATH names a browser; otherwise the
 * one inside @sparticuz/chromium is used, as the browser tests do.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** BENCH_TRACE=1 prints each measured load's waterfall (what was fetched, from when to when). */
const TRACE = process.env.BENCH_TRACE === '1';
/** BENCH_PROFILE=file.cpuprofile writes the CPU profile of the last throttled load (open it in Chrome's DevTools). */
const PROFILE = process.env.BENCH_PROFILE;
const root = resolve(__dirname, '../..').replace(/[\\/]dist$/, '');
const WEB = join(root, 'dist/web');
const THROTTLED = { downloadKbit: 10_000, uploadKbit: 10_000, latencyMs: 40, cpu: 4 };

interface Load {
  /** The figures on screen: the first view's frame or the page's, whichever came first. */
  readyMs: number;
  /** The console's own dashboard drawn (its controls work from here). */
  pageMs: number;
  /** The first view drawn, if it was (a fast load may draw the page first). */
  firstViewMs?: number;
  scriptBytes: number;
  scriptFiles: number;
}

async function main(): Promise<void> {
  if (!existsSync(join(WEB, 'index.html'))) throw new Error('dist/web is missing: run npm run build:web first');
  const initial = initialScripts();
  const system = await startSystem();
  const browser = await chromium.launch({ executablePath: await chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const session = await signIn(system.url, 'coordinator', system.password);
    const floor: Load[] = [];
    const throttled: Load[] = [];
    // One unmeasured load first: the API's first answers warm its caches and the projector.
    await dashboardLoad(browser, system.url, session, false);
    for (let run = 0; run < RUNS; run++) {
      floor.push(await dashboardLoad(browser, system.url, session, false));
      throttled.push(await dashboardLoad(browser, system.url, session, true));
    }
    const readyFloor = median(floor.map((load) => load.readyMs));
    const readyThrottled = median(throttled.map((load) => load.readyMs));
    const drawn = (loads: Load[]) => `${loads.filter((load) => load.firstViewMs !== undefined).length} of ${loads.length}`;
    const rows: Array<[string, string, string]> = [
      ['initial JavaScript (entry + preloads), gzip', kb(initial.gzip), '≤ 300 KB'],
      ['initial JavaScript, uncompressed', kb(initial.raw), ''],
      ['initial script files', String(initial.files), ''],
      [
        'dashboard load: scripts transferred (brotli)',
        `${kb(median(throttled.map((l) => l.scriptBytes)))} in ${throttled[0]!.scriptFiles} files`,
        '',
      ],
      [`dashboard ready (figures on screen), unthrottled (floor), median of ${RUNS}`, `${readyFloor} ms`, ''],
      [`dashboard ready (figures on screen), throttled (10 Mbit/s, 40 ms, CPU ×4), median of ${RUNS}`, `${readyThrottled} ms`, '≤ 1500 ms'],
      ['throttled / floor', `${(readyThrottled / readyFloor).toFixed(1)}×`, ''],
      ['loads whose first view drew the figures (unthrottled; throttled)', `${drawn(floor)}; ${drawn(throttled)}`, ''],
      [`console's own dashboard drawn, unthrottled, median of ${RUNS}`, `${median(floor.map((load) => load.pageMs))} ms`, ''],
      [`console's own dashboard drawn, throttled, median of ${RUNS}`, `${median(throttled.map((load) => load.pageMs))} ms`, ''],
    ];
    console.log(`\nconsole bench, ${new Date().toISOString()}\n`);
    console.log('| measure | figure | budget |\n|---|---|---|');
    for (const [what, figure, budget] of rows) console.log(`| ${what} | ${figure} | ${budget} |`);
  } finally {
    await browser.close();
    await system.stop();
  }
}

/** The scripts index.html loads before the first page: its module entry and every modulepreload. */
function initialScripts(): { files: number; raw: number; gzip: number } {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
  return {
    files: files.length,
    raw: files.reduce((sum, file) => sum + statSync(join(WEB, file)).size, 0),
    gzip: files.reduce((sum, file) => sum + statSync(join(WEB, `${file}.gz`)).size, 0),
  };
}

/** One cold load of /dashboard by a signed-in reader: a fresh context, so nothing is cached. */
async function dashboardLoad(browser: Browser, url: string, session: unknown, throttle: boolean): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    // The session the console keeps in sessionStorage, there before its first script runs.
    await context.addInitScript(
      (stored) => (globalThis as unknown as InPage).sessionStorage.setItem('ledger.session', stored),
      JSON.stringify(session),
    );
    // Two frames, noted in the page as they happen (asked afterwards, the page would answer only
    // once the chart's drawing had let go of the main thread, up to a second later):
    // - the first view's: the counts and the 逾期未报 list drawn as plain markup (first-view/), a
    //   reader's dashboard before the console's code has started;
    // - the page's: the console's own dashboard, with its filters and buttons (the chart may follow).
    // Ready is whichever comes first: the figures a reader starts from are on screen.
    await context.addInitScript(() => {
      const page = globalThis as unknown as InPage;
      const marks = (page.__marks = {} as Record<string, number | null>);
      const seen: Record<string, () => boolean> = {
        firstView: () => !!page.document.querySelector('#first-view [aria-label="逾期未报"]'),
        page: () =>
          !!page.document.querySelector('#root [data-testid^="count-"]') &&
          !!page.document.querySelector('#root [data-testid="list-逾期未报"]'),
      };
      const check = () => {
        for (const [name, drawn] of Object.entries(seen)) {
          if (marks[name] !== undefined || !drawn()) continue;
          marks[name] = null;
          page.requestAnimationFrame(() => (marks[name] = page.performance.now()));
        }
      };
      new page.MutationObserver(check).observe(page.document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    if (throttle) await applyThrottling(page);
    const profiler = throttle && PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.send('Profiler.start');
    }
    await page.goto(`${url}/dashboard`, { waitUntil: 'commit' });
    const marks = (await (
      await page.waitForFunction(
        () => (globalThis as unknown as InPage).__marks?.page && (globalThis as unknown as InPage).__marks,
        undefined,
        {
          timeout: 60_000,
        },
      )
    ).jsonValue()) as Record<string, number | null>;
    const pageMs = Math.round(marks.page!);
    const firstViewMs = marks.firstView ? Math.round(marks.firstView) : undefined;
    const readyMs = Math.min(pageMs, firstViewMs ?? Infinity);
    const resources = await page.evaluate(() =>
      (globalThis as unknown as InPage).performance.getEntriesByType('resource').map((entry) => ({
        name: entry.name,
        initiatorType: entry.initiatorType,
        transferSize: entry.transferSize,
        startTime: entry.startTime,
        responseEnd: entry.responseEnd,
      })),
    );
    if (profiler) writeFileSync(PROFILE!, JSON.stringify((await profiler.send('Profiler.stop')).profile));
    if (TRACE) printWaterfall(throttle ? 'throttled' : 'floor', `first view ${firstViewMs ?? '—'} ms, page ${pageMs} ms`, resources);
    const scripts = resources
      .filter((entry) => entry.initiatorType === 'script' || /\.js$/.test(new URL(entry.name).pathname))
      .map((entry) => entry.transferSize);
    return { readyMs, pageMs, firstViewMs, scriptBytes: scripts.reduce((sum, bytes) => sum + bytes, 0), scriptFiles: scripts.length };
  } finally {
    await context.close();
  }
}

function printWaterfall(label: string, drawn: string, resources: Resource[]): void {
  console.log(`\n${label} load, drawn: ${drawn}:`);
  for (const entry of [...resources].sort((a, b) => a.startTime - b.startTime)) {
    const { pathname, search } = new URL(entry.name);
    const span = `${Math.round(entry.startTime)}–${Math.round(entry.responseEnd)} ms`.padEnd(16);
    console.log(`  ${span} ${String(entry.transferSize).padStart(8)} B  ${pathname}${search}`);
  }
}

async function applyThrottling(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: THROTTLED.latencyMs,
    downloadThroughput: (THROTTLED.downloadKbit * 1000) / 8,
    uploadThroughput: (THROTTLED.uploadKbit * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLED.cpu });
}

async function signIn(url: string, username: string, password: string): Promise<unknown> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const answer = (await response.json()) as { accessToken?: string; refreshToken?: string; user?: unknown };
  if (!answer.accessToken) throw new Error(`sign-in of ${username}: ${response.status} ${JSON.stringify(answer)}`);
  return { accessToken: answer.accessToken, refreshToken: answer.refreshToken, user: answer.user };
}

/** The launcher as `npm start` runs it, on a data folder and ports of its own; stop() ends it. */
async function startSystem(): Promise<{ url: string; password: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-console-'));
  const password = `bench-${randomBytes(8).toString('hex')}`;
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist/apps/launcher/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      LEDGER_MODE: 'demo',
      DEMO_PASSWORD: password,
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 30_000))]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the launcher exited (${child.exitCode}):\n${output}`);
    const healthy = await fetch(`${url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { url, password, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the system did not answer /api/health within 300 s:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 1000));
  }
}

async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH && process.env.CHROMIUM_PATH !== 'bundled') return process.env.CHROMIUM_PATH;
  const bundled = (await import('@sparticuz/chromium')).default;
  return bundled.executablePath();
}

// The few browser globals used inside the page (this project compiles without the DOM library).
interface InPage {
  sessionStorage: { setItem(key: string, value: string): void };
  performance: { now(): number; getEntriesByType(type: 'resource'): Resource[] };
  document: { querySelector(selector: string): unknown };
  requestAnimationFrame(callback: () => void): void;
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void };
  /** When each view was first drawn (firstView, page); null once seen, before that frame. */
  __marks?: Record<string, number | null>;
}
interface Resource {
  name: string;
  initiatorType: string;
  transferSize: number;
  startTime: number;
  responseEnd: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
