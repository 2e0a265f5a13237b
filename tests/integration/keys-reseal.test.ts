import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openTotpSecret, sealTotpSecret } from '@ledger/accounts';
import { runCli } from '../../apps/cli/src/cli';
import { createTestDatabase } from '../support/database';

/** Rotating TOTP_KEY: every sealed secret opens under the new key afterwards, and nothing is half-done. */
describe('keys reseal', () => {
  const previous = randomBytes(32);
  const next = randomBytes(32);
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  let url: string;

  const cli = async (env: NodeJS.ProcessEnv, ...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: url, ...env } });
    return { code, stdout, stderr };
  };
  const keys = (before: Buffer, after: Buffer) => ({ TOTP_KEY_PREVIOUS: before.toString('base64'), TOTP_KEY: after.toString('base64') });

  async function sql<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    url = await createTestDatabase('reseal');
    expect((await cli({}, 'accounts', 'create', 'zhang', '--role', 'office', '--name', '张三')).code).toBe(0);
    expect((await cli({}, 'accounts', 'create', 'li', '--role', 'coordinator', '--name', '李四')).code).toBe(0);
  }, 120_000);

  it('seals enrolled, pending and channel secrets again under the new key, and a second run changes nothing', async () => {
    const [zhang] = await sql<{ id: string }>(`select id from accounts where username = 'zhang'`);
    const [li] = await sql<{ id: string }>(`select id from accounts where username = 'li'`);
    await sql('update accounts set totp_secret = $2 where id = $1', [zhang!.id, sealTotpSecret(previous, zhang!.id, secret)]);
    await sql('update accounts set totp_pending_secret = $2 where id = $1', [li!.id, sealTotpSecret(previous, li!.id, secret)]);
    const channelId = randomUUID();
    await sql(
      `insert into notification_channels (id, name, kind, url, secret, enqueued_through) values ($1, '督查室群', 'dingtalk', 'https://oapi.dingtalk.com/robot/send', $2, 0)`,
      [channelId, sealTotpSecret(previous, channelId, 'SEC123')],
    );

    const first = await cli(keys(previous, next), 'keys', 'reseal');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('已用新密钥重新加密 3 项，已是新密钥 0 项');
    const [z] = await sql<{ totp_secret: string }>('select totp_secret from accounts where id = $1', [zhang!.id]);
    const [l] = await sql<{ totp_pending_secret: string }>('select totp_pending_secret from accounts where id = $1', [li!.id]);
    const [c] = await sql<{ secret: string }>('select secret from notification_channels where id = $1', [channelId]);
    expect(openTotpSecret(next, zhang!.id, z!.totp_secret)).toBe(secret);
    expect(openTotpSecret(next, li!.id, l!.totp_pending_secret)).toBe(secret);
    expect(openTotpSecret(next, channelId, c!.secret)).toBe('SEC123');
    expect(() => openTotpSecret(previous, zhang!.id, z!.totp_secret)).toThrow();

    const again = await cli(keys(previous, next), 'keys', 'reseal');
    expect(again.stdout).toContain('已用新密钥重新加密 0 项，已是新密钥 3 项');
  });

  it('changes nothing when a secret opens under neither key, and names it', async () => {
    const before = await sql<{ id: string; totp_secret: string | null }>('select id, totp_secret from accounts order by id');
    const stranger = randomBytes(32);
    const wrong = await cli(keys(stranger, randomBytes(32)), 'keys', 'reseal');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('未做任何改动');
    expect(wrong.stderr).toContain('账号 zhang');
    expect(await sql('select id, totp_secret from accounts order by id')).toEqual(before);
  });

  it('refuses missing or malformed keys before touching the database', async () => {
    expect((await cli({ TOTP_KEY: next.toString('base64') }, 'keys', 'reseal')).stderr).toContain('TOTP_KEY_PREVIOUS');
    expect((await cli({ TOTP_KEY_PREVIOUS: 'c2hvcnQ=', TOTP_KEY: next.toString('base64') }, 'keys', 'reseal')).stderr).toContain(
      '不是 32 字节',
    );
    expect((await cli(keys(next, next), 'keys', 'reseal')).stderr).toContain('新旧密钥相同');
  });
});
