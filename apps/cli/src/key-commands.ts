import { resealSecret, type Reseal } from '@ledger/accounts';
import { CliError, UsageError, type Command } from './command';

/** A 32-byte key as TOTP_KEY takes it (base64), read from the variable that names it. */
function keyFrom(env: NodeJS.ProcessEnv, variable: 'TOTP_KEY' | 'TOTP_KEY_PREVIOUS'): Buffer {
  const text = env[variable]?.trim();
  if (!text) throw new UsageError(`${variable} is not set / 未设置 ${variable}（32 字节密钥，base64）`);
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new UsageError(`${variable} is not a 32-byte base64 key / ${variable} 不是 32 字节的 base64 密钥`);
  return key;
}

interface Tally {
  resealed: number;
  current: number;
  unreadable: string[];
}

const count = (tally: Tally, what: string, outcome: Reseal): string | undefined => {
  if (outcome.state === 'resealed') {
    tally.resealed += 1;
    return outcome.value;
  }
  if (outcome.state === 'current') tally.current += 1;
  if (outcome.state === 'unreadable') tally.unreadable.push(what);
  return undefined;
};

/**
 * Rotating TOTP_KEY: every sealed second-factor secret (enrolled and pending) and every
 * notification channel's secret opened with the previous key and sealed with the new one, in one
 * transaction, before the services restart with the new key. The keys come from the environment
 * (TOTP_KEY_PREVIOUS, TOTP_KEY), never from the command line, which other users of the machine see.
 */
const keysReseal: Command = {
  command: 'keys reseal',
  usage: '(reads TOTP_KEY_PREVIOUS and TOTP_KEY)',
  summary: 'rotate TOTP_KEY: seal every second-factor and channel secret again under the new key',
  async run({ args, io, connect }) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    const previous = keyFrom(io.env, 'TOTP_KEY_PREVIOUS');
    const next = keyFrom(io.env, 'TOTP_KEY');
    if (previous.equals(next)) throw new UsageError('TOTP_KEY_PREVIOUS and TOTP_KEY are the same key / 新旧密钥相同');
    const { storage } = await connect();
    const client = await storage.pool.connect();
    const tally: Tally = { resealed: 0, current: 0, unreadable: [] };
    try {
      await client.query('begin');
      const accounts = await client.query<{ id: string; username: string; totp_secret: string | null; totp_pending_secret: string | null }>(
        `select id, username, totp_secret, totp_pending_secret from accounts
          where totp_secret is not null or totp_pending_secret is not null for update`,
      );
      for (const row of accounts.rows) {
        const enrolled = row.totp_secret && count(tally, `账号 ${row.username}`, resealSecret(previous, next, row.id, row.totp_secret));
        const pending =
          row.totp_pending_secret &&
          count(tally, `账号 ${row.username}（待启用）`, resealSecret(previous, next, row.id, row.totp_pending_secret));
        if (enrolled || pending)
          await client.query(
            'update accounts set totp_secret = coalesce($2, totp_secret), totp_pending_secret = coalesce($3, totp_pending_secret) where id = $1',
            [row.id, enrolled || null, pending || null],
          );
      }
      const channels = await client.query<{ id: string; name: string; secret: string }>(
        'select id, name, secret from notification_channels where secret is not null for update',
      );
      for (const row of channels.rows) {
        const sealed = count(tally, `推送渠道 ${row.name}`, resealSecret(previous, next, row.id, row.secret));
        if (sealed) await client.query('update notification_channels set secret = $2 where id = $1', [row.id, sealed]);
      }
      if (tally.unreadable.length > 0) {
        await client.query('rollback');
        throw new CliError(
          `nothing changed: ${tally.unreadable.length} secrets open under neither key / 未做任何改动：以下密文新旧密钥均无法解开：${tally.unreadable.join('、')}`,
        );
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    io.stdout(`已用新密钥重新加密 ${tally.resealed} 项，已是新密钥 ${tally.current} 项；现在以新的 TOTP_KEY 重启各服务。\n`);
    return 0;
  },
};

export const KEY_COMMANDS: readonly Command[] = [keysReseal];
