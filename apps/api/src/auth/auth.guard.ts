import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { addLogContext } from '@ledger/observability';
import type { Request } from 'express';
import type { Role } from '@ledger/domain';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { AccessCache, type ActiveAccess } from './access-cache';
import { PUBLIC, ROLES, type Principal } from './principal';
import { AccessTokens, type VerifiedAccess } from './tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AuthenticatedRequest = Request & { principal?: Principal; access?: VerifiedAccess };

const UNAUTHENTICATED = () =>
  new Problem(401, 'Unauthorized / 未登录或登录已失效', 'a valid Bearer access token is required / 需要有效的访问令牌');

/** Every endpoint needs a valid Bearer token unless marked @Public(), and a listed role if @Roles() says so. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly runtime: LedgerRuntime,
    private readonly cache: AccessCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new Problem(403, 'Forbidden / 无权操作', `role ${principal.role} may not do this / 当前角色无此权限`);
    }
    return true;
  }

  /**
   * The principal of the request's Bearer token: signature, algorithm, issuer, audience and
   * expiry checked, not signed out, its session not ended (logout, a reused refresh token, the
   * account signed out everywhere: any revoked refresh token of the session's family), and the
   * account still active. Role and unit are read from the directory, so a change by the admin
   * applies at once (in another process: within ACCESS_CACHE_SECONDS, see AccessCache).
   */
  async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(header);
    const access = match ? await this.tokens.verify(match[1]!) : undefined;
    if (!access || !UUID.test(access.principal.accountId)) throw UNAUTHENTICATED();
    if (access.sessionId !== undefined && !UUID.test(access.sessionId)) throw UNAUTHENTICATED();
    const account = await this.activeAccess(access.principal.accountId, access.jti, access.sessionId ?? null);
    if (!account) throw UNAUTHENTICATED();
    const principal: Principal = {
      accountId: access.principal.accountId,
      username: account.username,
      role: account.role,
      unitId: account.unitId,
    };
    request.principal = principal;
    addLogContext({ accountId: principal.accountId });
    request.access = { ...access, principal };
    return principal;
  }

  /** The directory's word on the token: none when the account is disabled or gone, or the token or its session revoked. */
  private async activeAccess(accountId: string, jti: string, sessionId: string | null): Promise<ActiveAccess | undefined> {
    const key = `${accountId}/${jti}/${sessionId ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found = await this.runtime.pool.query<{ role: Role; unit_id: string | null; username: string; revoked: boolean }>(
      `select a.role, a.unit_id, a.username,
              exists (select 1 from revoked_access_tokens r where r.jti = $2)
              or exists (select 1 from refresh_tokens t where t.family = $3::uuid and t.revoked_at is not null) as revoked
       from accounts a where a.id = $1 and not a.disabled`,
      [accountId, jti, sessionId],
    );
    const row = found.rows[0];
    if (!row || row.revoked) return undefined;
    const access: ActiveAccess = { role: row.role, unitId: row.unit_id, username: row.username };
    this.cache.set(key, access);
    return access;
  }
}
