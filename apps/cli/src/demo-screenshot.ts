import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './command';

export interface ScreenshotOptions {
  out: string;
  /** A running system to take it from; without it a fresh one is started, given a demo year, and stopped. */
  url?: string;
  password?: string;
  seed?: string;
  say(line: string): void;
}

export const SCREENSHOT_VIEWPORT = { width: 1440, height: 900 };

/**
 * The README's picture of the 督查看板, taken again whenever the console changes. Without --url
 * it runs `npm start --demo-year` as a child in a temporary data folder on free ports, waits for
 * the year to be played, takes the picture as the coordinator and stops what it started.
 */
export async function takeDashboardScreenshot(options: ScreenshotOptions): Promise<string> {
  if (options.url) {
    await capture(options.url, options.password!, options.out);
    return options.out;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
  const password = `demo-${randomBytes(9).toString('base64url')}`;
  const [port, postgresPort, temporalPort, temporalUiPort] = await freePorts(4);
  const launcher = join(__dirname, '../../launcher/src/main.js');
  if (!existsSync(launcher)) throw new CliError(`${launcher} is missing: run npm run screenshot (it builds first)`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LEDGER_MODE: 'demo',
    DATA_DIR: dataDir,
    DEMO_PASSWORD: password,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(postgresPort),
    TEMPORAL_DEV_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(temporalUiPort),
    ...(options.seed ? { DEMO_YEAR_SEED: options.seed } : {}),
  };
  // Its own embedded servers, whatever this shell points at.
  delete env.DATABASE_URL;
  delete env.DATABASE_OWNER_URL;
  delete env.TEMPORAL_ADDRESS;
  options.say(`启动演示系统（数据目录 ${dataDir}，端口 ${port}）…`);
  const child = spawn(process.execPath, [launcher, '--demo-year'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Ctrl-C stops the launcher too (its guard would stop the servers, but not the launcher itself).
  const interrupted = () => void stop(child).then(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await demoYearPlayed(child, options.say);
    await capture(`http://127.0.0.1:${port}`, password, options.out);
    return options.out;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await stop(child);
    // The launcher's guard may still be stopping a server that writes into the folder.
    try {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 1000 });
    } catch (error) {
      options.say(`临时数据目录未能删除（${(error as Error).message}），请手动删除 ${dataDir}`);
    }
  }
}

/**
 * Whether a line of the launcher's log says the demo year is in or failed. Its lines may carry a
 * time and a level before the words: `[16:09:01.743] INFO: 演示年度完成：…`.
 */
export function demoYearLine(line: string): 'played' | 'failed' | undefined {
  const words = line.trim().replace(/^\[[^\]]*\]\s*[A-Z]+:\s*/, '');
  if (/^演示年度(完成|已在库中)/.test(words)) return 'played';
  if (/^演示年度失败/.test(words)) return 'failed';
  return undefined;
}

/** Resolves once the launcher says the demo year is in; rejects when it fails or exits first. */
function demoYearPlayed(child: ChildProcess, say: (line: string) => void, timeoutMs = 20 * 60_000): Promise<void> {
  return new Promise((resolvePlayed, reject) => {
    const timer = setTimeout(() => reject(new CliError(`the demo year was not played within ${timeoutMs / 60_000} minutes`)), timeoutMs);
    const tail: string[] = [];
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (/演示|填报进度|催报|督办/.test(line)) say(`  ${line.trim()}`);
        const said = demoYearLine(line);
        if (said === 'played') {
          clearTimeout(timer);
          resolvePlayed();
        }
        if (said === 'failed') {
          clearTimeout(timer);
          reject(new CliError(line.trim()));
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new CliError(`the launcher exited (${signal ?? code}) before the demo year was played:\n${tail.join('\n')}`));
    });
  });
}

/** SIGTERM (the launcher stops its services, Temporal and PostgreSQL in order), SIGKILL after a minute. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolveServer, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolveServer(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolveClose) => server.close(resolveClose))));
  return ports;
}

/**
 * Chromium as the browser tests find it: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the
 * one @sparticuz/chromium carries. Both browser packages are development dependencies, loaded
 * only here, so the CLI of a production image does not need them.
 */
async function chromiumPath(): Promise<string> {
  const wanted = process.env.CHROMIUM_PATH;
  if (wanted && wanted !== 'bundled') return wanted;
  if (!wanted && existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const bundled = (await import('@sparticuz/chromium')).default;
  return bundled.executablePath();
}

async function capture(url: string, password: string, out: string): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: SCREENSHOT_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: url });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('coordinator');
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((address) => address.pathname !== '/login');
    await page.goto('/dashboard');
    // The console's own page, not the first view drawn before it (apps/web/src/first-view).
    await page.locator('#root main').getByText('序时进度').first().waitFor();
    await page.getByTestId('first-view').waitFor({ state: 'detached' });
    await page.waitForLoadState('networkidle');
    // The charts animate in; the fonts arrive in slices: the picture waits for both to be still.
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    await page.waitForTimeout(1500);
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
  }
}
