import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@ledger/runtime';
import { COMMANDS, runCli } from '../../apps/cli/src/cli';

const repoRoot = resolve(__dirname, '../..');
const fixtures = join(repoRoot, 'libs/plan-catalog/test-fixtures');

/** Runs the CLI in this process; nothing here reaches a database. */
async function run(argv: string[], env: NodeJS.ProcessEnv = { DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-empty-')) }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

describe('the CLI command table', () => {
  it('prints every command’s usage for --help', async () => {
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    for (const command of COMMANDS) expect(help.stdout).toContain(`${command.command} ${command.usage}`);
    expect(COMMANDS.map((c) => c.command)).toEqual(expect.arrayContaining(['plan import', 'plan show', 'plan export']));
  });

  it('prints one command’s usage for <command> --help', async () => {
    const help = await run(['plan', 'export', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('plan export --xlsx <file> [--plan <planId>]');
  });

  it.each([[[]], [['plan']], [['plan', 'delete', 'P01']], [['projections', 'drop']]])(
    'answers %j with the usage on stderr and exit code 2',
    async (argv) => {
      const result = await run(argv);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('usage: npm run cli -- <command>');
    },
  );

  it.each([
    [['plan', 'import'], /missing <file>/],
    [['plan', 'import', 'a.yaml', 'b.yaml'], /unexpected argument "b.yaml"/],
    [['plan', 'import', 'a.yaml', '--unit', 'u.yaml'], /Unknown option '--unit'/],
    [['plan', 'show'], /missing <taskCode>/],
    [['plan', 'export'], /missing --xlsx <file>/],
    [['plan', 'export', '--xlsx'], /argument missing/],
  ])('refuses %j with exit code 2, naming the problem and the command’s usage', async (argv, problem) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(problem);
    expect(result.stderr).toContain(`usage: npm run cli -- ${argv.slice(0, 2).join(' ')} `);
  });
});

describe('plan import of a file that does not validate', () => {
  it('prints the catalogue error (file, task, field) and exits 1 before touching any database', async () => {
    const planFile = join(fixtures, 'broken/plan-unknown-lead.yaml');
    const result = await run(['plan', 'import', planFile, '--units', join(fixtures, 'other-city/units.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(planFile);
    expect(result.stderr).toContain('task T01');
    expect(result.stderr).toContain('field leadUnits[0]');
    expect(result.stderr).toContain('unknown unit code "education-bureau"');
  });

  it('validates against seeds/units.yaml when no --units is given, then goes on to the database', async () => {
    // The imaginary city's plan uses only unit codes the seed registry also has.
    const result = await run(['plan', 'import', join(fixtures, 'other-city/plan.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^no embedded PostgreSQL in /);
  });

  it('names a file it cannot read', async () => {
    const result = await run(['plan', 'import', join(fixtures, 'no-such-plan.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no-such-plan\.yaml: cannot read file/);
  });
});

describe('without DATABASE_URL, the embedded PostgreSQL of npm start', () => {
  it('says there is none when the data directory holds no embedded server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cli-no-pg-'));
    const result = await run(['plan', 'show', 'P01'], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no embedded PostgreSQL in ${dataDir}`);
    expect(result.stderr).toContain('npm start');
  });

  it('says it is not running when nothing listens on its port, and starts none', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cli-stopped-pg-'));
    writeFileSync(join(dataDir, 'postgres.password'), 'secret');
    const port = await freePort();
    const result = await run(['plan', 'export', '--xlsx', join(dataDir, 'plan.xlsx')], {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(port),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the embedded PostgreSQL is not running (nothing listens on 127.0.0.1:${port}`);
    expect(result.stderr).toContain('npm start');
    expect(result.stderr).not.toContain('secret');
    // Still nothing there: the CLI did not start a server of its own.
    await expect(run(['plan', 'show', 'P01'], { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) })).resolves.toMatchObject({ code: 1 });
  });

  it('names an unreachable DATABASE_URL without its password', async () => {
    const port = await freePort();
    const result = await run(['plan', 'show', 'P01'], { DATABASE_URL: `postgres://ledger:hunter2@127.0.0.1:${port}/ledger` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot connect to PostgreSQL at postgres://ledger:***@127.0.0.1:${port}/ledger`);
    expect(result.stderr).not.toContain('hunter2');
  });
});
