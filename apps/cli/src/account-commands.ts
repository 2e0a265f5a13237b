import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  AccountError,
  AccountRow,
  createAccount,
  findAccountByUsername,
  recordSecurityEvent,
  resetPassword,
  updateAccount,
} from '@ledger/accounts';
import { ROLES, type Role } from '@ledger/domain';
import { CliError, UsageError, type Command } from './command';

/** Options as declared and exactly one positional (the username); anything else is a usage error. */
function parse<Options extends Record<string, { type: 'string' }>>(args: string[], options: Options) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== 1)
    throw new UsageError(parsed.positionals.length === 0 ? 'missing <username>' : `unexpected argument "${parsed.positionals[1]}"`);
  return { username: parsed.positionals[0]!, values: parsed.values as { [K in keyof Options]?: string } };
}

/** Shown once and never stored in clear: 24 random characters. */
const generatedPassword = () => randomBytes(18).toString('base64url');

async function directory<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AccountError) throw new CliError(`${error.field}: ${error.message}`);
    throw error;
  }
}

const accountsCreate: Command = {
  command: 'accounts create',
  usage: '<username> --role <role> --name <display name> [--unit <code>] [--phone <number>] [--password <password>]',
  summary: 'create an account (a strong password is generated and printed once unless given)',
  async run({ args, io, connect }) {
    const { username, values } = parse(args, {
      role: { type: 'string' },
      name: { type: 'string' },
      unit: { type: 'string' },
      phone: { type: 'string' },
      password: { type: 'string' },
    });
    if (!values.role || !(ROLES as readonly string[]).includes(values.role))
      throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    if (!values.name) throw new UsageError('missing --name <display name>');
    const password = values.password ?? generatedPassword();
    const { storage } = await connect();
    const row = await directory(() =>
      createAccount(storage.dataSource, {
        username,
        password,
        role: values.role as Role,
        unitId: values.unit ?? null,
        displayName: values.name!,
        phone: values.phone ?? null,
      }),
    );
    await recordSecurityEvent(storage.pool, {
      kind: 'account_created',
      actorId: 'cli',
      detail: { accountId: row.id, role: row.role, unitId: row.unitId },
    });
    io.stdout(`created ${row.username} (${row.role}${row.unitId ? `, unit ${row.unitId}` : ''}) id ${row.id}\n`);
    if (!values.password) io.stdout(`password: ${password}\n(shown once; the account should change it)\n`);
    return 0;
  },
};

const accountsDisable: Command = {
  command: 'accounts disable',
  usage: '<username>',
  summary: 'disable an account: it can no longer sign in and its sessions end',
  async run({ args, io, connect }) {
    const { username } = parse(args, {});
    const { storage } = await connect();
    const account = await directory(() => findAccountByUsername(storage.dataSource, username));
    await directory(() => updateAccount(storage.dataSource, account.id, { disabled: true }));
    await recordSecurityEvent(storage.pool, { kind: 'account_disabled', actorId: 'cli', detail: { accountId: account.id } });
    io.stdout(`disabled ${username}\n`);
    return 0;
  },
};

const accountsEnable: Command = {
  command: 'accounts enable',
  usage: '<username>',
  summary: 'enable a disabled account again',
  async run({ args, io, connect }) {
    const { username } = parse(args, {});
    const { storage } = await connect();
    const account = await directory(() => findAccountByUsername(storage.dataSource, username));
    await directory(() => updateAccount(storage.dataSource, account.id, { disabled: false }));
    await recordSecurityEvent(storage.pool, {
      kind: 'account_updated',
      actorId: 'cli',
      detail: { accountId: account.id, fields: ['disabled'] },
    });
    io.stdout(`enabled ${username}\n`);
    return 0;
  },
};

const accountsResetPassword: Command = {
  command: 'accounts reset-password',
  usage: '<username> [--password <password>] [--reset-totp]',
  summary: 'set a new password (generated and printed once unless given); signs the account out everywhere',
  async run({ args, io, connect }) {
    const resetTotp = args.includes('--reset-totp');
    const { username, values } = parse(
      args.filter((arg) => arg !== '--reset-totp'),
      { password: { type: 'string' } },
    );
    const password = values.password ?? generatedPassword();
    const { storage } = await connect();
    const account = await directory(() => findAccountByUsername(storage.dataSource, username));
    await directory(() => resetPassword(storage.dataSource, account.id, password));
    if (resetTotp) await updateAccount(storage.dataSource, account.id, { resetTotp: true });
    await recordSecurityEvent(storage.pool, { kind: 'password_reset', actorId: 'cli', detail: { accountId: account.id, resetTotp } });
    io.stdout(`password of ${username} reset${resetTotp ? '; second factor cleared (enrol again at next sign-in)' : ''}\n`);
    if (!values.password) io.stdout(`password: ${password}\n(shown once)\n`);
    return 0;
  },
};

const accountsList: Command = {
  command: 'accounts list',
  usage: '',
  summary: 'list the accounts: username, role, unit, status (no personal data)',
  async run({ args, io, connect }) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    const { storage } = await connect();
    const rows = await storage.dataSource.getRepository(AccountRow).find({ order: { username: 'ASC' } });
    for (const row of rows) {
      const flags = [row.disabled ? 'disabled' : 'active', row.totpSecret ? 'totp' : null, row.demo ? 'demo' : null]
        .filter(Boolean)
        .join(',');
      io.stdout(`${row.username.padEnd(24)} ${row.role.padEnd(12)} ${(row.unitId ?? '-').padEnd(22)} ${flags}\n`);
    }
    return 0;
  },
};

export const ACCOUNT_COMMANDS: readonly Command[] = [accountsCreate, accountsDisable, accountsEnable, accountsResetPassword, accountsList];
