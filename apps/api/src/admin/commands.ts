import { Command, Query } from '@nestjs/cqrs';
import type { AccountChange, AccountView, NewAccount } from '@ledger/accounts';
import type { Role } from '@ledger/domain';
import type { Principal } from '../auth/principal';
import type { Page, PageQueryDto } from '../http/paging';

/** One security event as the admin and auditors read it (ids and codes only, as recorded). */
export interface SecurityEventView {
  /** In the order the events were recorded (a bigserial, read as a number). */
  id: number;
  at: string;
  kind: string;
  actorId: string | null;
  username: string | null;
  ip: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  detail: Record<string, unknown>;
}

export class ListSecurityEvents extends Query<Page<SecurityEventView>> {
  constructor(readonly filter: PageQueryDto & { kind?: string; actorId?: string }) {
    super();
  }
}

export class ListAccounts extends Query<Page<AccountView>> {
  constructor(
    readonly reader: Principal,
    readonly filter: PageQueryDto & { role?: Role; unitId?: string },
  ) {
    super();
  }
}

export class GetAccount extends Query<AccountView> {
  constructor(
    readonly reader: Principal,
    readonly accountId: string,
  ) {
    super();
  }
}

/** What any signed-in account may know of another: who it is, not how to reach it. */
export interface DirectoryEntry {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  phone: string | null;
}

export class LookUpAccount extends Query<DirectoryEntry> {
  constructor(
    readonly reader: Principal,
    readonly accountId: string,
  ) {
    super();
  }
}

export class CreateAccount extends Command<AccountView> {
  constructor(
    readonly admin: Principal,
    readonly account: NewAccount,
  ) {
    super();
  }
}

export class UpdateAccount extends Command<AccountView> {
  constructor(
    readonly admin: Principal,
    readonly accountId: string,
    readonly change: AccountChange,
  ) {
    super();
  }
}

export class ResetPassword extends Command<AccountView> {
  constructor(
    readonly admin: Principal,
    readonly accountId: string,
    readonly password: string,
  ) {
    super();
  }
}

/** Ends the sign-in back-off of an account at once (every address); answers whether it was backing off. */
export interface AccountUnlocked {
  id: string;
  /** Whether the account was locked out (false: there was nothing to lift). */
  unlocked: boolean;
}

export class UnlockAccount extends Command<AccountUnlocked> {
  constructor(
    readonly admin: Principal,
    readonly accountId: string,
  ) {
    super();
  }
}

/** Erases the person (name, phone) and disables the account; the id stays, as history names it. */
export class EraseAccount extends Command<void> {
  constructor(
    readonly admin: Principal,
    readonly accountId: string,
  ) {
    super();
  }
}

export interface AdminUnitView {
  id: string;
  code: string;
  name: string;
  /** Every other name the unit is known by (the plan's text, earlier names): a report or import may use any. */
  aliases: string[];
  accounts: number;
}

export class ListAdminUnits extends Query<AdminUnitView[]> {}

export interface UnitRenamed {
  id: string;
  name: string;
  /** The plans republished under the new name, with their new versions. */
  plans: { planId: string; version: number }[];
}

export class RenameUnit extends Command<UnitRenamed> {
  constructor(
    readonly admin: Principal,
    readonly unitId: string,
    readonly name: string,
  ) {
    super();
  }
}
