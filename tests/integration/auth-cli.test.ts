import { runCli } from '../../apps/cli/src/cli';
import { verifyPassword } from '@ledger/accounts';
import { ACCESS_CACHE_SECONDS } from '../../apps/api/src/auth/access-cache';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

describe('accounts administered from the CLI', () => {
  let system: TestSystem;
  const run = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { DATABASE_URL: system.config.databaseUrl },
    });
    return { code, stdout, stderr };
  };
  const signIn = (username: string, password: string) => system.call('POST', '/api/auth/login', undefined, { username, password });

  beforeAll(async () => {
    system = await startTestSystem('accounts_cli');
  });
  afterAll(() => system?.stop());

  it('creates an account with a generated password that signs in', async () => {
    const created = await run('accounts', 'create', 'liu.coord', '--role', 'coordinator', '--name', '刘专班', '--phone', '13900001111');
    expect(created.code).toBe(0);
    const password = /password: (\S+)/.exec(created.stdout)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect((await signIn('liu.coord', password)).status).toBe(200);
    expect((await run('accounts', 'list')).stdout).toMatch(/liu\.coord\s+coordinator/);
    expect((await run('accounts', 'list')).stdout).not.toContain('13900001111');
  });

  it('refuses weak passwords, unknown units and wrong roles with a clear message', async () => {
    const weak = await run('accounts', 'create', 'weak', '--role', 'auditor', '--name', 'x', '--password', 'password1234');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/password: .*常见弱密码/);
    const unit = await run('accounts', 'create', 'nounit', '--role', 'submitter', '--name', 'x', '--unit', 'no-such-unit');
    expect(unit).toMatchObject({ code: 1, stderr: expect.stringMatching(/unitId/) });
    expect((await run('accounts', 'create', 'x1', '--role', 'king', '--name', 'x')).code).toBe(2);
  });

  it('resets a password and disables an account', async () => {
    const reset = await run('accounts', 'reset-password', 'liu.coord', '--password', 'Brand-New-Pass-2025');
    expect(reset.code).toBe(0);
    const stored = await system.storage.pool.query(`select password_hash from accounts where username = 'liu.coord'`);
    expect(await verifyPassword(stored.rows[0].password_hash, 'Brand-New-Pass-2025')).toBe(true);
    const session = await signIn('liu.coord', 'Brand-New-Pass-2025');
    expect(session.status).toBe(200);

    expect((await run('accounts', 'disable', 'liu.coord')).code).toBe(0);
    expect((await signIn('liu.coord', 'Brand-New-Pass-2025')).status).toBe(401);
    // Disabled from another process: the API's cache of checked tokens believes it within its bound.
    const refusedAfter = Date.now();
    await eventually(
      async () => ((await system.call('GET', '/api/tasks', session.body.accessToken)).status === 401 ? true : undefined),
      (ACCESS_CACHE_SECONDS + 5) * 1000,
    );
    expect(Date.now() - refusedAfter).toBeLessThan((ACCESS_CACHE_SECONDS + 2) * 1000);
    expect((await run('accounts', 'disable', 'nobody-here')).stderr).toMatch(/no account/);
    expect((await run('accounts', 'enable', 'liu.coord')).code).toBe(0);
    expect((await signIn('liu.coord', 'Brand-New-Pass-2025')).status).toBe(200);
  });
});
