import { pageOf, type Page, type PageKey } from '../http/paging';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  AccountError,
  AccountRow,
  SecurityEventRow,
  accountView,
  createAccount,
  findAccount,
  recordSecurityEvent,
  resetPassword,
  updateAccount,
  type AccountView,
  type SecurityEventKind,
} from '@ledger/accounts';
import { publishPlan, latestPublishedPlan } from '@ledger/plan-import';
import { PlanRow, UnitRow } from '@ledger/read-models';
import { AccessCache } from '../auth/access-cache';
import type { Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { lockoutKeys, pairPrefix } from '../auth/lockout';
import { mayLookUp } from './directory-scope';
import {
  CreateAccount,
  EraseAccount,
  GetAccount,
  ListAccounts,
  ListSecurityEvents,
  ListAdminUnits,
  LookUpAccount,
  RenameUnit,
  ResetPassword,
  UnlockAccount,
  UpdateAccount,
  type AccountUnlocked,
  type AdminUnitView,
  type DirectoryEntry,
  type SecurityEventView,
  type UnitRenamed,
} from './commands';

/** Phone numbers are shown whole to the admin only; auditors and everyone else see them masked. */
const seesPhones = (reader: Principal) => reader.role === 'admin';

function asProblem(error: unknown): never {
  if (error instanceof AccountError) {
    const status = error.kind === 'not_found' ? 404 : error.kind === 'conflict' ? 409 : 400;
    const title = status === 404 ? 'Not Found / 未找到' : status === 409 ? 'Conflict / 状态冲突' : 'Bad Request / 请求有误';
    throw new Problem(status, title, error.message, [{ field: error.field, message: error.message }]);
  }
  throw error;
}

async function audit(
  runtime: LedgerRuntime,
  kind: SecurityEventKind,
  admin: Principal,
  accountId: string,
  detail: Record<string, unknown> = {},
) {
  await recordSecurityEvent(runtime.pool, { kind, actorId: admin.accountId, detail: { accountId, ...detail } });
}

@QueryHandler(ListAccounts)
export class ListAccountsHandler implements IQueryHandler<ListAccounts> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ reader, filter }: ListAccounts): Promise<Page<AccountView>> {
    const query = this.runtime.dataSource.getRepository(AccountRow).createQueryBuilder('a');
    if (filter.role) query.andWhere('a.role = :role', { role: filter.role });
    if (filter.unitId) query.andWhere('a.unit_id = :unitId', { unitId: filter.unitId });
    const page = await pageOf(query, ACCOUNT_ORDER, filter);
    return { ...page, items: page.items.map((row) => accountView(row, seesPhones(reader))) };
  }
}

/** By user name (unique), as the admin looks an account up. */
const ACCOUNT_ORDER: ReadonlyArray<PageKey<AccountRow>> = [{ sql: 'a.username', direction: 'ASC', of: (row) => row.username }];

@QueryHandler(ListSecurityEvents)
export class ListSecurityEventsHandler implements IQueryHandler<ListSecurityEvents> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ filter }: ListSecurityEvents): Promise<Page<SecurityEventView>> {
    const query = this.runtime.dataSource.getRepository(SecurityEventRow).createQueryBuilder('s');
    if (filter.kind) query.andWhere('s.kind = :kind', { kind: filter.kind });
    if (filter.actorId) query.andWhere('s.actor_id = :actorId', { actorId: filter.actorId });
    const page = await pageOf(query, SECURITY_EVENT_ORDER, filter);
    return { ...page, items: page.items.map(({ at, ...row }) => ({ ...row, at: at.toISOString() })) };
  }
}

/** The newest first; the id (a bigserial, in commit order of its inserts) keeps the order total. */
const SECURITY_EVENT_ORDER: ReadonlyArray<PageKey<SecurityEventRow>> = [{ sql: 's.id', direction: 'DESC', of: (row) => row.id }];

@QueryHandler(GetAccount)
export class GetAccountHandler implements IQueryHandler<GetAccount> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ reader, accountId }: GetAccount): Promise<AccountView> {
    return accountView(await findAccount(this.runtime.dataSource, accountId).catch(asProblem), seesPhones(reader));
  }
}

@QueryHandler(LookUpAccount)
export class LookUpAccountHandler implements IQueryHandler<LookUpAccount> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ reader, accountId }: LookUpAccount): Promise<DirectoryEntry> {
    const account = await findAccount(this.runtime.dataSource, accountId).catch(asProblem);
    // Out of the reader's scope is answered like an unknown id: no telling which ids exist.
    if (!mayLookUp(reader, account)) asProblem(new AccountError('not_found', 'id', `no account ${accountId} / 账号不存在`));
    const { id, username, displayName, role, unitId, phone } = accountView(account, seesPhones(reader));
    return { id, username, displayName, role, unitId, phone };
  }
}

@CommandHandler(CreateAccount)
export class CreateAccountHandler implements ICommandHandler<CreateAccount> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ admin, account }: CreateAccount): Promise<AccountView> {
    const row = await createAccount(this.runtime.dataSource, account).catch(asProblem);
    await audit(this.runtime, 'account_created', admin, row.id, { role: row.role, unitId: row.unitId });
    return accountView(row, true);
  }
}

@CommandHandler(UpdateAccount)
export class UpdateAccountHandler implements ICommandHandler<UpdateAccount> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly accessCache: AccessCache,
  ) {}

  async execute({ admin, accountId, change }: UpdateAccount): Promise<AccountView> {
    if (accountId === admin.accountId && (change.disabled || (change.role && change.role !== 'admin'))) {
      throw new Problem(409, 'Conflict / 状态冲突', 'an admin cannot disable or demote their own account / 不能停用或降级本人账号');
    }
    const row = await updateAccount(this.runtime.dataSource, accountId, change).catch(asProblem);
    // Role, unit and disabled are what a token's check reads: the next request asks the directory again.
    this.accessCache.forget();
    // Which fields changed, never their values: names and phones stay in the directory.
    await audit(this.runtime, change.disabled ? 'account_disabled' : 'account_updated', admin, accountId, { fields: Object.keys(change) });
    return accountView(row, true);
  }
}

@CommandHandler(ResetPassword)
export class ResetPasswordHandler implements ICommandHandler<ResetPassword> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly accessCache: AccessCache,
  ) {}

  async execute({ admin, accountId, password }: ResetPassword): Promise<AccountView> {
    await resetPassword(this.runtime.dataSource, accountId, password).catch(asProblem);
    this.accessCache.forget();
    await audit(this.runtime, 'password_reset', admin, accountId);
    return accountView(await findAccount(this.runtime.dataSource, accountId), true);
  }
}

@CommandHandler(UnlockAccount)
export class UnlockAccountHandler implements ICommandHandler<UnlockAccount> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ admin, accountId }: UnlockAccount): Promise<AccountUnlocked> {
    const account = await findAccount(this.runtime.dataSource, accountId).catch(asProblem);
    const keys = lockoutKeys(account.username, { ip: '' });
    // The address counters stay: they belong to whoever failed there, not to this account.
    const cleared = await this.runtime.pool.query(`delete from sign_in_failures where key = any($1) or left(key, length($2)) = $2`, [
      [keys.account, keys.secondFactor],
      pairPrefix(account.username),
    ]);
    const unlocked = (cleared.rowCount ?? 0) > 0;
    await audit(this.runtime, 'account_unlocked', admin, accountId, { counters: cleared.rowCount ?? 0 });
    return { id: accountId, unlocked };
  }
}

@CommandHandler(EraseAccount)
export class EraseAccountHandler implements ICommandHandler<EraseAccount> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly accessCache: AccessCache,
  ) {}

  async execute({ admin, accountId }: EraseAccount): Promise<void> {
    if (accountId === admin.accountId)
      throw new Problem(409, 'Conflict / 状态冲突', 'an admin cannot erase their own account / 不能删除本人账号');
    await updateAccount(this.runtime.dataSource, accountId, {
      displayName: '（已删除）',
      phone: null,
      disabled: true,
      resetTotp: true,
    }).catch(asProblem);
    this.accessCache.forget();
    await audit(this.runtime, 'account_disabled', admin, accountId, { erased: true });
  }
}

@QueryHandler(ListAdminUnits)
export class ListAdminUnitsHandler implements IQueryHandler<ListAdminUnits> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute(): Promise<AdminUnitView[]> {
    const rows = await this.runtime.pool.query<AdminUnitView>(
      `select u.id, u.code, u.name, u.aliases, (select count(*)::int from accounts a where a.unit_id = u.id) as accounts from rm_units u order by u.code`,
    );
    return rows.rows;
  }
}

/**
 * Units are part of the published plan, so a new name is published as the next version of
 * every plan that lists the unit: the event log keeps both names, and the read models follow.
 */
@CommandHandler(RenameUnit)
export class RenameUnitHandler implements ICommandHandler<RenameUnit> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ admin, unitId, name }: RenameUnit): Promise<UnitRenamed> {
    const { dataSource, store } = this.runtime;
    if (!(await dataSource.getRepository(UnitRow).existsBy({ id: unitId })))
      throw new Problem(404, 'Not Found / 未找到', `no unit ${unitId} / 单位不存在`);
    const plans = await dataSource.getRepository(PlanRow).find({ order: { id: 'ASC' } });
    const published: { planId: string; version: number }[] = [];
    for (const plan of plans) {
      const latest = await latestPublishedPlan(store, plan.id);
      if (!latest || !latest.data.units.some((unit) => unit.code === unitId)) continue;
      const units = latest.data.units.map((unit) =>
        unit.code === unitId ? { ...unit, name, aliases: unit.aliases.includes(name) ? unit.aliases : [...unit.aliases, name] } : unit,
      );
      const clash = units.find((unit) => unit.code !== unitId && (unit.name === name || unit.aliases.includes(name)));
      if (clash)
        throw new Problem(409, 'Conflict / 状态冲突', `${name} is already a name of unit ${clash.code} / 名称与其他单位重复`, [
          { field: 'name', message: 'taken / 已被使用' },
        ]);
      const result = await publishPlan(store, { plan: latest.data.plan, units, taskForce: latest.data.taskForce }, admin.accountId);
      published.push({ planId: result.planId, version: result.version });
    }
    return { id: unitId, name, plans: published };
  }
}

export const ADMIN_HANDLERS = [
  ListAccountsHandler,
  ListSecurityEventsHandler,
  GetAccountHandler,
  LookUpAccountHandler,
  CreateAccountHandler,
  UpdateAccountHandler,
  ResetPasswordHandler,
  EraseAccountHandler,
  UnlockAccountHandler,
  ListAdminUnitsHandler,
  RenameUnitHandler,
];
