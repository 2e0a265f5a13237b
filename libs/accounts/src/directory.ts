import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ROLES, type Role } from '@ledger/domain';
import { AccountRow } from './account.entity';
import { hashPassword } from './passwords';
import { passwordWeakness } from './password-policy';

export const USERNAME = /^[a-z][a-z0-9._-]{1,31}$/;
export const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

/** A refused directory change, naming the field; `kind` decides the HTTP status or exit code. */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  constructor(
    readonly kind: 'invalid' | 'conflict' | 'not_found',
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface NewAccount {
  username: string;
  password: string;
  role: Role;
  unitId?: string | null;
  displayName: string;
  phone?: string | null;
}

export interface AccountChange {
  displayName?: string;
  phone?: string | null;
  role?: Role;
  unitId?: string | null;
  disabled?: boolean;
  /** Forget the second factor: the account enrols again at its next sign-in. */
  resetTotp?: boolean;
}

/** What the directory shows of an account; the phone is masked unless the reader may see it whole. */
export interface AccountView {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
  displayName: string;
  phone: string | null;
  disabled: boolean;
  totpEnabled: boolean;
  demo: boolean;
  createdAt: string;
}

export function accountView(row: AccountRow, showPhone: boolean): AccountView {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    unitId: row.unitId,
    displayName: row.displayName,
    phone: row.phone === null ? null : showPhone ? row.phone : maskPhone(row.phone),
    disabled: row.disabled,
    totpEnabled: row.totpSecret !== null,
    demo: row.demo,
    createdAt: row.createdAt.toISOString(),
  };
}

/** 13812345678 → 138****5678: enough to recognise a number, not to call it. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const keep = digits.length >= 11 ? 3 : 0;
  return `${digits.slice(0, keep)}${'*'.repeat(digits.length - keep - 4)}${digits.slice(-4)}`;
}

export async function createAccount(dataSource: DataSource, input: NewAccount): Promise<AccountRow> {
  if (!USERNAME.test(input.username))
    throw new AccountError('invalid', 'username', 'lower-case letters, digits, . _ -, 2 to 32 characters / 用户名格式有误');
  const weakness = passwordWeakness(input.password, input.username);
  if (weakness) throw new AccountError('invalid', 'password', weakness);
  await checkRoleAndUnit(dataSource, input.role, input.unitId ?? null);
  checkProfile(input);
  const repository = dataSource.getRepository(AccountRow);
  if (await repository.existsBy({ username: input.username }))
    throw new AccountError('conflict', 'username', `username ${input.username} is taken / 用户名已存在`);
  const row = repository.create({
    id: randomUUID(),
    username: input.username,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    unitId: input.unitId ?? null,
    displayName: input.displayName,
    phone: input.phone ?? null,
    demo: false,
    disabled: false,
    totpSecret: null,
    totpPendingSecret: null,
    totpLastStep: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  try {
    await repository.insert(row);
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new AccountError('conflict', 'username', `username ${input.username} is taken / 用户名已存在`);
    throw error;
  }
  return row;
}

export async function updateAccount(dataSource: DataSource, id: string, change: AccountChange): Promise<AccountRow> {
  const account = await findAccount(dataSource, id);
  const role = change.role ?? account.role;
  const unitId =
    change.unitId !== undefined ? change.unitId : change.role !== undefined && change.role !== 'submitter' ? null : account.unitId;
  if (change.role !== undefined || change.unitId !== undefined) await checkRoleAndUnit(dataSource, role, unitId);
  checkProfile(change);
  const patch: Partial<AccountRow> = { role, unitId, updatedAt: new Date() };
  if (change.displayName !== undefined) patch.displayName = change.displayName;
  if (change.phone !== undefined) patch.phone = change.phone;
  if (change.disabled !== undefined) patch.disabled = change.disabled;
  if (change.resetTotp) Object.assign(patch, { totpSecret: null, totpPendingSecret: null, totpLastStep: null });
  await dataSource.getRepository(AccountRow).update({ id }, patch);
  // A changed role, unit or status must not live on in tokens issued before.
  if (change.disabled || change.role !== undefined || change.unitId !== undefined || change.resetTotp)
    await revokeRefreshTokens(dataSource, id);
  return findAccount(dataSource, id);
}

export async function resetPassword(dataSource: DataSource, id: string, password: string): Promise<AccountRow> {
  const account = await findAccount(dataSource, id);
  const weakness = passwordWeakness(password, account.username);
  if (weakness) throw new AccountError('invalid', 'password', weakness);
  await dataSource.getRepository(AccountRow).update({ id }, { passwordHash: await hashPassword(password), updatedAt: new Date() });
  await revokeRefreshTokens(dataSource, id);
  await dataSource.query(`delete from sign_in_failures where key = $1`, [`account:${account.username}`]);
  return account;
}

export async function findAccount(dataSource: DataSource, id: string): Promise<AccountRow> {
  const account = await dataSource.getRepository(AccountRow).findOneBy({ id });
  if (!account) throw new AccountError('not_found', 'id', `no account ${id} / 账号不存在`);
  return account;
}

export async function findAccountByUsername(dataSource: DataSource, username: string): Promise<AccountRow> {
  const account = await dataSource.getRepository(AccountRow).findOneBy({ username });
  if (!account) throw new AccountError('not_found', 'username', `no account ${username} / 账号不存在`);
  return account;
}

/** Signs the account out everywhere: no refresh token of it works any more. */
export async function revokeRefreshTokens(dataSource: DataSource, accountId: string): Promise<void> {
  await dataSource.query(`update refresh_tokens set revoked_at = now() where account_id = $1 and revoked_at is null`, [accountId]);
}

async function checkRoleAndUnit(dataSource: DataSource, role: Role, unitId: string | null): Promise<void> {
  if (!(ROLES as readonly string[]).includes(role))
    throw new AccountError('invalid', 'role', `role must be one of ${ROLES.join(', ')} / 角色无效`);
  if (role !== 'submitter') {
    if (unitId !== null) throw new AccountError('invalid', 'unitId', 'only a submitter belongs to a unit / 仅填报员隶属单位');
    return;
  }
  if (!unitId) throw new AccountError('invalid', 'unitId', 'a submitter needs a unit / 填报员须指定单位');
  // Units are the published plan's (read model rm_units).
  const known = (await dataSource.query(`select 1 from rm_units where id = $1`, [unitId])) as unknown[];
  if (known.length === 0) throw new AccountError('invalid', 'unitId', `no unit ${unitId} / 单位不存在`);
}

function checkProfile(input: { displayName?: string; phone?: string | null }): void {
  if (input.displayName !== undefined && (input.displayName.trim().length === 0 || input.displayName.length > 64)) {
    throw new AccountError('invalid', 'displayName', '1 to 64 characters / 姓名须为 1 至 64 个字符');
  }
  if (input.phone !== undefined && input.phone !== null && !PHONE.test(input.phone)) {
    throw new AccountError('invalid', 'phone', 'digits, spaces and dashes, 5 to 20 / 电话号码格式有误');
  }
}
