import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DemoCallError, playYear } from '@ledger/demo';
import { CliError, UsageError, type CliIo, type Command } from './command';
import { takeDashboardScreenshot } from './demo-screenshot';

/** Parses the options of a demo command; no positionals. */
function options<Spec extends Record<string, { type: 'string' }>>(args: string[], spec: Spec) {
  try {
    const parsed = parseArgs({ args, options: spec, allowPositionals: false, strict: true });
    return parsed.values as { [K in keyof Spec]?: string };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The system `npm start` runs: PORT on the loopback, unless --url names another. */
export function apiUrlOf(io: CliIo, url?: string): string {
  return url ?? `http://127.0.0.1:${io.env.PORT || 3000}`;
}

/** The demo accounts' password: --password, DEMO_PASSWORD, or the one `npm start` keeps in DATA_DIR/demo-password. */
export function demoPasswordOf(io: CliIo, given?: string): string {
  if (given) return given;
  if (io.env.DEMO_PASSWORD) return io.env.DEMO_PASSWORD;
  const file = join(resolve(io.env.DATA_DIR ?? '.data'), 'demo-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new CliError(`no demo password: pass --password, set DEMO_PASSWORD, or run where ${file} exists / 未找到演示账号密码`);
}

function whole(name: string, text: string | undefined, low: number, high: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < low || value > high)
    throw new UsageError(`--${name} must be a whole number from ${low} to ${high}`);
  return value;
}

const demoYear: Command = {
  command: 'demo year',
  usage: '[--url <api>] [--password <pw>] [--tasks P01,P03] [--limit <n>] [--months <1-12>] [--seed <text>] [--concurrency <n>]',
  summary: 'play a populated 2025 through a running demo system: reports, returns, 催报 and 督办单 (idempotent)',
  async run({ args, io }) {
    const values = options(args, {
      url: { type: 'string' },
      password: { type: 'string' },
      tasks: { type: 'string' },
      limit: { type: 'string' },
      months: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
    });
    const url = apiUrlOf(io, values.url);
    try {
      const outcome = await playYear({
        url,
        password: demoPasswordOf(io, values.password),
        taskCodes: values.tasks
          ?.split(',')
          .map((code) => code.trim())
          .filter(Boolean),
        taskLimit: whole('limit', values.limit, 1, 1000),
        months: whole('months', values.months, 1, 12),
        seed: values.seed,
        concurrency: whole('concurrency', values.concurrency, 1, 32),
        say: (line) => io.stdout(`${line}\n`),
      });
      return outcome.alreadyPlayed || outcome.reports.filed > 0 ? 0 : 1;
    } catch (error) {
      if (error instanceof DemoCallError) throw new CliError(`演示年度中断 (demo year stopped): ${error.message}`);
      if (error instanceof TypeError && /fetch failed/.test(error.message))
        throw new CliError(`no system answers at ${url}: start it with npm start / ${url} 无响应，请先 npm start`);
      throw error;
    }
  },
};

const demoScreenshot: Command = {
  command: 'demo screenshot',
  usage: '[--url <api> --password <pw>] [--out <file.png>] [--seed <text>]',
  summary: 'README picture: the 督查看板 at 1440×900 after a demo year (starts and stops its own system unless --url)',
  async run({ args, io }) {
    const values = options(args, {
      url: { type: 'string' },
      password: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
    });
    const out = resolve(values.out ?? 'docs/screenshots/dashboard.png');
    const file = await takeDashboardScreenshot({
      out,
      ...(values.url ? { url: values.url, password: demoPasswordOf(io, values.password) } : {}),
      seed: values.seed,
      say: (line) => io.stdout(`${line}\n`),
    });
    io.stdout(`截图已保存：${file}\n`);
    return 0;
  },
};

export const DEMO_COMMANDS: readonly Command[] = [demoYear, demoScreenshot];
