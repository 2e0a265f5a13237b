import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runCli } from '../../apps/cli/src/cli';
import { createTestDatabase } from '../support/database';
import { startTestSystem, type TestSystem } from '../support/system';

/** Backup of a working ledger, restored into a new database: the same record, the same read models. */
describe('backup and restore', () => {
  let system: TestSystem;
  const folder = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
  const file = join(folder, '台账备份.jsonl.gz');

  beforeAll(async () => {
    system = await startTestSystem('backup');
  }, 180_000);
  afterAll(() => system?.stop());

  const cli = async (databaseUrl: string, ...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: databaseUrl } });
    return { code, stdout, stderr };
  };

  /** Every row of a table, in a stable order, as JSON text (so types compare as stored). */
  async function rowsOf(url: string, table: string): Promise<string[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ row: string }>(`select to_jsonb(t)::text as row from "${table}" t order by 1`);
      return rows.map((r) => r.row);
    } finally {
      await client.end();
    }
  }

  async function readModelTables(url: string): Promise<string[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        `select tablename as name from pg_tables where schemaname = 'public' and tablename like 'rm\\_%' order by 1`,
      );
      return rows.map((r) => r.name);
    } finally {
      await client.end();
    }
  }

  it('restores a ledger with its chains into an empty database, verified, with identical read models', async () => {
    const [edu, coordinator, office] = await Promise.all(['edu', 'coordinator', 'office'].map((u) => system.login(u)));
    for (const period of ['2025-05', '2025-06']) {
      const submitted = await system.call('POST', '/api/reports', edu, {
        taskId: 'hengyang-2025-P01',
        period,
        values: [
          { indicatorId: 'P01-1', value: 20000 },
          { indicatorId: 'P01-2', value: 150 },
        ],
        narrative: '已完成过半',
      });
      expect(submitted.status).toBe(201);
      await system.call('POST', `/api/reports/${submitted.body.id}/approve`, coordinator, { comment: '同意' });
      if (period === '2025-05')
        expect((await system.call('POST', `/api/reports/${submitted.body.id}/approve`, office, {})).body).toMatchObject({
          status: 'signed_off',
        });
    }
    const notice = await system.call('POST', '/api/notices', coordinator, {
      taskId: 'hengyang-2025-P01',
      level: 'yellow',
      matter: '请说明进度滞后原因',
      dueDate: '2099-06-30',
    });
    expect(notice.status).toBe(201);
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const source = system.config.databaseUrl!;

    const created = await cli(source, 'backup', 'create', file);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/^备份完成：.*（事件 \d+ 条；/);
    // A backup never overwrites a file.
    expect(await cli(source, 'backup', 'create', file)).toMatchObject({ code: 1, stderr: expect.stringContaining('已存在') });

    const target = await createTestDatabase('backup_restored');
    const restored = await cli(target, 'backup', 'restore', file);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    expect(restored.stdout).toContain('审计校验通过');
    expect(restored.stdout).toContain('workflows reconcile');
    // Into a database that holds anything, never.
    const again = await cli(target, 'backup', 'restore', file);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('拒绝恢复：目标数据库不是空库');

    const verified = await cli(target, 'audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('chain intact');
    expect(await cli(target, 'projections', 'verify')).toMatchObject({ code: 0 });

    // The record itself, row for row: positions, hashes, accounts, security events.
    for (const table of ['events', 'accounts', 'security_events']) expect(await rowsOf(target, table)).toEqual(await rowsOf(source, table));
    // The read models rebuilt from it equal the ones the live system kept.
    const tables = await readModelTables(source);
    expect(tables).toEqual(expect.arrayContaining(['rm_reports', 'rm_notices', 'rm_task_progress']));
    for (const table of tables) expect({ table, rows: await rowsOf(target, table) }).toEqual({ table, rows: await rowsOf(source, table) });
  }, 600_000);

  it('refuses a file that is not a backup, saying so', async () => {
    const target = await createTestDatabase('backup_not_a_file');
    const answer = await cli(target, 'backup', 'restore', join(folder, 'missing.gz'));
    expect(answer.code).toBe(1);
    expect(answer.stderr).toMatch(/不是可读的台账备份文件|不是台账备份文件/);
  });
});
