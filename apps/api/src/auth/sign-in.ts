import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  AccountRow,
  isSealedTotpSecret,
  openTotpSecret,
  recordSecurityEvent,
  sealTotpSecret,
  verifyPassword,
  type SecurityEvent,
} from '@ledger/accounts';
import { totpKeyOf } from '@ledger/config';
import type { Role } from '@ledger/domain';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { LOCKOUT, lockSeconds, lockoutKeys, type LockoutKeys } from './lockout';
import { AccessCache } from './access-cache';
import { ACCESS_TOKEN_SECONDS, AccessTokens, type VerifiedAccess } from './tokens';
import { acceptedStep, newTotpSecret } from './totp';

export const REFRESH_TOKEN_SECONDS = 12 * 60 * 60;

// Compared against when the username is unknown, so both failures take the same time.
const UNKNOWN_USER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0l7V2HxbqIVgL5UwQ3YfYeFzPx2w8Xj3c1lO0Xe8n2A';

/** Who a session is for, as the console shows it. */
export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
  displayName: string;
}

export interface Session {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds until the access token runs out; then `POST /api/auth/refresh` with the refresh token. */
  expiresIn: number;
  refreshToken: string;
  user: SessionUser;
}

/** A password that was right for an account with a second factor: the TOTP step (or its first enrolment) comes next. */
export interface TotpChallenge {
  totpRequired: true;
  enrolmentRequired: boolean;
  /** What `POST /api/auth/totp` (or, enrolling, `totp/enroll` and `totp/confirm`) takes with the code. */
  challenge: string;
}

export type SignInAnswer = Session | TotpChallenge;

/** A new second factor's secret, for the authenticator app. */
export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
}

/** Where a request comes from, for lockout keys and security events. */
export interface Origin {
  ip: string;
  method: string;
  path: string;
}

const WRONG_CREDENTIALS = () =>
  new Problem(401, 'Unauthorized / 登录失败', 'wrong username or password / 用户名或密码错误', [], {}, 'wrong_credentials');
const WRONG_CODE = () =>
  new Problem(401, 'Unauthorized / 验证失败', 'the one-time code or the challenge is not valid / 动态验证码或挑战无效', [
    { field: 'code', message: 'not valid / 无效' },
  ]);

/** Office and admin accounts need a second factor outside demo mode; any enrolled account always does. */
export function needsSecondFactor(mode: 'demo' | 'production', account: Pick<AccountRow, 'role' | 'totpSecret'>): boolean {
  return account.totpSecret !== null || (mode !== 'demo' && (account.role === 'office' || account.role === 'admin'));
}

/** Proof that the holder of an access token is the account's owner, to replace its second factor. */
export interface ReEnrolmentProof {
  code?: string;
  password?: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

@Injectable()
export class SignIn implements OnApplicationBootstrap {
  /** What TOTP secrets are sealed with at rest (`@ledger/accounts` totp-secrets). */
  private readonly totpKey: Buffer;

  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly tokens: AccessTokens,
    private readonly accessCache: AccessCache,
  ) {
    this.totpKey = totpKeyOf(runtime.config);
  }

  /** Seals the TOTP secrets stored in plain text before secrets were sealed (once; later starts find none). */
  async onApplicationBootstrap(): Promise<void> {
    for (const column of ['totp_secret', 'totp_pending_secret'] as const) {
      const stored = await this.runtime.pool.query<{ id: string; secret: string }>(
        `select id, ${column} as secret from accounts where ${column} is not null`,
      );
      for (const { id, secret } of stored.rows.filter((row) => !isSealedTotpSecret(row.secret))) {
        // Only if it is still that plain value: another API process may have sealed it meanwhile.
        await this.runtime.pool.query(`update accounts set ${column} = $3 where id = $1 and ${column} = $2`, [
          id,
          secret,
          sealTotpSecret(this.totpKey, id, secret),
        ]);
      }
    }
  }

  async withPassword(username: string, password: string, origin: Origin): Promise<SignInAnswer> {
    const keys = lockoutKeys(username, origin);
    // This address's own lock, for this account or for any: checked before the password is.
    await this.refuseWhileLocked([keys.pair, keys.address], username, origin);
    const account = await this.runtime.dataSource.getRepository(AccountRow).findOneBy({ username });
    const valid = await verifyPassword(account?.passwordHash ?? UNKNOWN_USER_HASH, password);
    const accountLock = await this.lockedSeconds([keys.account]);
    if (!account || !valid || account.disabled) {
      await this.countFailure([keys.account, keys.pair, keys.address]);
      await this.record({
        kind: 'login_failed',
        actorId: account?.id ?? null,
        username,
        ...origin,
        status: 401,
        detail: account?.disabled ? { disabled: true } : {},
      });
      if (accountLock > 0) await this.refuse(accountLock, username, origin);
      throw WRONG_CREDENTIALS();
    }
    // The account is backing off, but a right password from an address that has not failed for it
    // lately goes through: someone guessing elsewhere cannot lock its owner out.
    if (accountLock > 0 && (await this.failedLately(keys.pair))) await this.refuse(accountLock, username, origin);
    if (needsSecondFactor(this.runtime.config.mode, account)) {
      return {
        totpRequired: true,
        enrolmentRequired: account.totpSecret === null,
        challenge: await this.tokens.issueChallenge(account.id),
      };
    }
    await this.forgetFailures(keys);
    await this.record({ kind: 'login_succeeded', actorId: account.id, username, ...origin, status: 200 });
    return this.startSession(account);
  }

  /** The second step of a sign-in: a challenge from the first and a current code. */
  async withCode(challenge: string, code: string, origin: Origin): Promise<Session> {
    const account = await this.challengedAccount(challenge);
    const keys = lockoutKeys(account.username, origin);
    await this.refuseWhileLocked([keys.secondFactor, keys.pair, keys.address], account.username, origin);
    if (account.totpSecret === null)
      throw new Problem(409, 'Conflict / 状态冲突', 'enrol a second factor first: POST /api/auth/totp/enroll / 请先绑定动态验证码');
    if (!(await this.consumeCode(account, account.totpSecret, code))) {
      // Wrong codes back off the second step only: they come from someone who has the password.
      await this.countFailure([keys.secondFactor, keys.pair, keys.address]);
      await this.record({ kind: 'totp_failed', actorId: account.id, username: account.username, ...origin, status: 401 });
      throw WRONG_CODE();
    }
    return this.finishChallenge(challenge, account, keys, origin);
  }

  /**
   * A fresh secret, pending until confirmed; for a signed-in account or one half-way through its
   * first sign-in. Replacing an enrolled factor takes proof beyond the access token (a current
   * code of that factor, or the password), so a stolen token cannot take the second factor over.
   */
  async enrol(accountId: string, origin: Origin, proof: ReEnrolmentProof = {}): Promise<TotpEnrolment> {
    const account = await this.activeAccount(accountId);
    if (account.totpSecret !== null) await this.proveReEnrolment(account, proof, origin);
    const { secret, otpauthUrl } = newTotpSecret();
    await this.runtime.dataSource
      .getRepository(AccountRow)
      .update({ id: account.id }, { totpPendingSecret: sealTotpSecret(this.totpKey, account.id, secret), updatedAt: new Date() });
    return { secret, otpauthUrl: otpauthUrl(account.username) };
  }

  async confirmEnrolment(accountId: string, code: string, origin: Origin): Promise<AccountRow> {
    const account = await this.activeAccount(accountId);
    if (account.totpPendingSecret === null)
      throw new Problem(409, 'Conflict / 状态冲突', 'no enrolment is pending: POST /api/auth/totp/enroll first / 请先申请绑定');
    if (!(await this.consumeCode(account, account.totpPendingSecret, code))) {
      const keys = lockoutKeys(account.username, origin);
      await this.countFailure([keys.secondFactor, keys.pair, keys.address]);
      await this.record({
        kind: 'totp_failed',
        actorId: account.id,
        username: account.username,
        ...origin,
        status: 401,
        detail: { enrolment: true },
      });
      throw WRONG_CODE();
    }
    await this.runtime.dataSource
      .getRepository(AccountRow)
      .update({ id: account.id }, { totpSecret: account.totpPendingSecret, totpPendingSecret: null, updatedAt: new Date() });
    const replaced = account.totpSecret !== null;
    await this.record({ kind: replaced ? 'totp_replaced' : 'totp_enrolled', actorId: account.id, ...origin, status: 200 });
    return account;
  }

  /** Confirms a first enrolment with the sign-in challenge and completes that sign-in. */
  async confirmWithChallenge(challenge: string, code: string, origin: Origin): Promise<Session> {
    const account = await this.challengedAccount(challenge);
    if (account.totpSecret !== null)
      throw new Problem(409, 'Conflict / 状态冲突', 'a second factor is enrolled already; sign in with it / 已绑定动态验证码');
    const confirmed = await this.confirmEnrolment(account.id, code, origin);
    return this.finishChallenge(challenge, confirmed, lockoutKeys(account.username, origin), origin);
  }

  /** The account a still-valid, unused challenge stands for. */
  async challengedAccount(challenge: string): Promise<AccountRow> {
    const verified = await this.tokens.verifyChallenge(challenge);
    if (!verified || (await this.isRevoked(verified.jti))) throw WRONG_CODE();
    const account = await this.runtime.dataSource.getRepository(AccountRow).findOneBy({ id: verified.accountId });
    if (!account || account.disabled) throw WRONG_CODE();
    return account;
  }

  /** Rotates a refresh token: the old one is spent; presenting a spent one ends its whole family. */
  async refresh(refreshToken: string, origin: Origin): Promise<Session> {
    const hash = sha256(refreshToken);
    const spent = await this.runtime.pool.query<{ account_id: string; family: string }>(
      `update refresh_tokens set used_at = now()
       where token_hash = $1 and used_at is null and revoked_at is null and expires_at > now()
       returning account_id, family`,
      [hash],
    );
    const row = spent.rows[0];
    const refused = () =>
      new Problem(
        401,
        'Unauthorized / 未登录或登录已失效',
        'the refresh token is not valid / 刷新令牌无效',
        [{ field: 'refreshToken', message: 'not valid / 无效' }],
        {},
        'session_expired',
      );
    if (!row) {
      const reused = await this.runtime.pool.query<{ account_id: string; family: string }>(
        `update refresh_tokens set revoked_at = coalesce(revoked_at, now())
         where family = (select family from refresh_tokens where token_hash = $1 and used_at is not null)
         returning account_id, family`,
        [hash],
      );
      if (reused.rows[0]) {
        this.accessCache.forget();
        await this.record({
          kind: 'refresh_token_reused',
          actorId: reused.rows[0].account_id,
          ...origin,
          status: 401,
          detail: { family: reused.rows[0].family },
        });
      }
      throw refused();
    }
    const account = await this.runtime.dataSource.getRepository(AccountRow).findOneBy({ id: row.account_id });
    if (!account || account.disabled) throw refused();
    await this.record({ kind: 'token_refreshed', actorId: account.id, ...origin, status: 200 });
    return this.startSession(account, row.family);
  }

  /**
   * Ends the session: the access token is refused until it expires, and the session it belongs to
   * is revoked — its refresh tokens and every access token issued for it — whether or not the
   * refresh token comes along. A refresh token given is revoked too (with its own family).
   */
  async logout(access: VerifiedAccess, refreshToken: string | undefined, origin: Origin): Promise<void> {
    await this.revoke(access.jti, access.expiresAt);
    if (access.sessionId) {
      await this.runtime.pool.query(
        `update refresh_tokens set revoked_at = coalesce(revoked_at, now()) where family = $1::uuid and account_id = $2`,
        [access.sessionId, access.principal.accountId],
      );
    }
    if (refreshToken) {
      await this.runtime.pool.query(
        `update refresh_tokens set revoked_at = coalesce(revoked_at, now())
         where family = (select family from refresh_tokens where token_hash = $1 and account_id = $2)`,
        [sha256(refreshToken), access.principal.accountId],
      );
    }
    this.accessCache.forget();
    await this.runtime.pool.query(`delete from revoked_access_tokens where expires_at < now()`);
    await this.record({ kind: 'logout', actorId: access.principal.accountId, ...origin, status: 204 });
  }

  private async startSession(account: AccountRow, family: string = randomUUID()): Promise<Session> {
    const principal = { accountId: account.id, username: account.username, role: account.role, unitId: account.unitId };
    const refreshToken = randomBytes(32).toString('base64url');
    await this.runtime.pool.query(
      `insert into refresh_tokens (token_hash, family, account_id, expires_at) values ($1, $2, $3, now() + make_interval(secs => $4))`,
      [sha256(refreshToken), family, account.id, REFRESH_TOKEN_SECONDS],
    );
    return {
      tokenType: 'Bearer',
      // The session is the refresh family: ending it ends the access tokens issued for it (AuthGuard).
      accessToken: await this.tokens.issue(principal, family),
      expiresIn: ACCESS_TOKEN_SECONDS,
      refreshToken,
      user: { id: account.id, username: account.username, role: account.role, unitId: account.unitId, displayName: account.displayName },
    };
  }

  private async finishChallenge(challenge: string, account: AccountRow, keys: LockoutKeys, origin: Origin): Promise<Session> {
    const verified = await this.tokens.verifyChallenge(challenge);
    if (verified) await this.revoke(verified.jti, verified.expiresAt);
    await this.forgetFailures(keys);
    await this.record({
      kind: 'login_succeeded',
      actorId: account.id,
      username: account.username,
      ...origin,
      status: 200,
      detail: { secondFactor: true },
    });
    return this.startSession(account);
  }

  /** Checks a code and spends its time step in one statement, so two requests cannot both use it. */
  /** Whether the code is good for this stored (sealed) secret and not used before; spends it if so. */
  private async consumeCode(account: AccountRow, stored: string, code: string): Promise<boolean> {
    const step = acceptedStep(openTotpSecret(this.totpKey, account.id, stored), code, account.totpLastStep);
    if (step === undefined) return false;
    const spent = await this.runtime.pool.query(
      `update accounts set totp_last_step = $2 where id = $1 and (totp_last_step is null or totp_last_step < $2)`,
      [account.id, step],
    );
    return spent.rowCount === 1;
  }

  private async activeAccount(accountId: string): Promise<AccountRow> {
    const account = await this.runtime.dataSource.getRepository(AccountRow).findOneBy({ id: accountId });
    if (!account || account.disabled)
      throw new Problem(401, 'Unauthorized / 未登录或登录已失效', 'the account is not active / 账号不可用', [], {}, 'account_inactive');
    return account;
  }

  /** The seconds left of the longest lock among these keys; 0 when none is locked. */
  private async lockedSeconds(keys: string[]): Promise<number> {
    const locked = await this.runtime.pool.query<{ seconds: number | null }>(
      `select ceil(extract(epoch from max(locked_until) - now()))::int as seconds from sign_in_failures where key = any($1) and locked_until > now()`,
      [keys],
    );
    return Math.max(0, locked.rows[0]?.seconds ?? 0);
  }

  /** Whether a key counted a failure within the time failures are remembered. */
  private async failedLately(key: string): Promise<boolean> {
    const found = await this.runtime.pool.query(
      `select 1 from sign_in_failures where key = $1 and last_failure_at > now() - make_interval(secs => $2)`,
      [key, LOCKOUT.forgetAfterSeconds],
    );
    return (found.rowCount ?? 0) > 0;
  }

  private async refuseWhileLocked(keys: string[], username: string, origin: Origin): Promise<void> {
    const seconds = await this.lockedSeconds(keys);
    if (seconds > 0) await this.refuse(seconds, username, origin);
  }

  private async refuse(seconds: number, username: string, origin: Origin): Promise<never> {
    await this.record({ kind: 'login_locked', username, ...origin, status: 429, detail: { retryAfterSeconds: seconds } });
    throw new Problem(
      429,
      'Too Many Requests / 请求过于频繁',
      `too many failed sign-ins; try again in ${seconds} s / 登录失败次数过多，请 ${seconds} 秒后再试`,
      [],
      { 'retry-after': String(seconds) },
    );
  }

  /** A current code of the enrolled factor, or the password: checked, counted and recorded like a sign-in. */
  private async proveReEnrolment(account: AccountRow, proof: ReEnrolmentProof, origin: Origin): Promise<void> {
    if (proof.code === undefined && proof.password === undefined)
      throw new Problem(
        401,
        'Unauthorized / 需要验证身份',
        'a second factor is enrolled: give a current code of it or the password to replace it / 已绑定动态验证码，更换须提供当前验证码或密码',
        [{ field: 'code', message: 'required, or password / 必填（或填写密码）' }],
      );
    const keys = lockoutKeys(account.username, origin);
    await this.refuseWhileLocked([keys.secondFactor, keys.pair, keys.address], account.username, origin);
    const proven =
      proof.code !== undefined
        ? await this.consumeCode(account, account.totpSecret!, proof.code)
        : await verifyPassword(account.passwordHash, proof.password!);
    const by = proof.code !== undefined ? 'code' : 'password';
    await this.record({
      kind: proven ? 'totp_reenrolment_started' : 'totp_failed',
      actorId: account.id,
      username: account.username,
      ...origin,
      status: proven ? 200 : 401,
      detail: { reEnrolment: true, proof: by },
    });
    if (!proven) {
      await this.countFailure([keys.secondFactor, keys.pair, keys.address]);
      throw new Problem(
        401,
        'Unauthorized / 验证失败',
        'the code or the password is not right / 验证码或密码错误',
        [{ field: by, message: 'not valid / 无效' }],
        {},
        'totp_invalid',
      );
    }
  }

  private async countFailure(keys: string[]): Promise<void> {
    for (const key of keys) {
      const counted = await this.runtime.pool.query<{ failures: number }>(
        `insert into sign_in_failures (key, failures, last_failure_at) values ($1, 1, now())
         on conflict (key) do update set
           failures = case when sign_in_failures.last_failure_at < now() - make_interval(secs => $2) then 1 else sign_in_failures.failures + 1 end,
           last_failure_at = now()
         returning failures`,
        [key, LOCKOUT.forgetAfterSeconds],
      );
      const threshold = key.startsWith('ip:') ? LOCKOUT.addressThreshold : LOCKOUT.accountThreshold;
      const seconds = lockSeconds(counted.rows[0]!.failures, threshold);
      if (seconds > 0)
        await this.runtime.pool.query(`update sign_in_failures set locked_until = now() + make_interval(secs => $2) where key = $1`, [
          key,
          seconds,
        ]);
    }
  }

  /** A success forgets the failures that are not locking; a running lock ends by itself or by an admin (`unlockAccount`). */
  private async forgetFailures(keys: LockoutKeys): Promise<void> {
    await this.runtime.pool.query(`delete from sign_in_failures where key = any($1) and (locked_until is null or locked_until <= now())`, [
      Object.values(keys),
    ]);
  }

  private async revoke(jti: string, expiresAt: Date): Promise<void> {
    await this.runtime.pool.query(`insert into revoked_access_tokens (jti, expires_at) values ($1, $2) on conflict (jti) do nothing`, [
      jti,
      expiresAt,
    ]);
  }

  private async isRevoked(jti: string): Promise<boolean> {
    const found = await this.runtime.pool.query(`select 1 from revoked_access_tokens where jti = $1`, [jti]);
    return (found.rowCount ?? 0) > 0;
  }

  private async record(event: SecurityEvent): Promise<void> {
    await recordSecurityEvent(this.runtime.pool, event);
  }
}
