import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
import type { LedgerConfig } from '@ledger/config';
import { AccessTokens } from '../auth/tokens';
import { Problem } from '../http/problem';

const SIGN_IN_PATHS = new Set([
  '/api/auth/login',
  '/api/auth/totp',
  '/api/auth/refresh',
  '/api/auth/totp/confirm',
  '/api/auth/totp/enroll',
]);
/** Probes and scrapers ask often and cheaply; limiting them would only hide an outage. */
const UNLIMITED = (path: string) =>
  path === '/api/health' || path.startsWith('/api/health/') || path === '/metrics' || path === '/api/metrics';

/** What the guard learned of a request before the limits are counted. */
type LimitedRequest = Request & { rateLimitAccount?: string };

const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<LimitedRequest>();
const isSignIn = (context: ExecutionContext) => SIGN_IN_PATHS.has(requestOf(context).path);
const usernameOf = (context: ExecutionContext): string | undefined => {
  const body: unknown = requestOf(context).body;
  const username = body && typeof body === 'object' ? (body as { username?: unknown }).username : undefined;
  return typeof username === 'string' && username.length > 0 && username.length <= 128 ? username.toLowerCase() : undefined;
};
/** The client's address as Express states it: the peer, or the first untrusted hop of X-Forwarded-For (TRUST_PROXY). */
const addressOf = (request: Request) => request.ip ?? request.socket.remoteAddress ?? 'unknown';

const MINUTE = 60_000;

/**
 * Limits that fit a city intranet, where a whole office shares one NAT or reverse proxy: a
 * signed-in request counts against its account (across all routes), not its address; a request
 * without a valid token counts against its address; sign-in counts against the address and,
 * separately, against the username tried.
 */
export function throttlerOptions(config: LedgerConfig): ThrottlerModuleOptions {
  const { perMinute, loginPerMinute, loginPerAccountPerMinute } = config.rateLimit;
  return {
    // One bucket per tracker and limit, whichever route is asked.
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    throttlers: [
      {
        name: 'account',
        ttl: MINUTE,
        limit: perMinute,
        skipIf: (context) => isSignIn(context) || requestOf(context).rateLimitAccount === undefined,
        getTracker: (request) => (request as LimitedRequest).rateLimitAccount!,
      },
      {
        name: 'address',
        ttl: MINUTE,
        limit: perMinute,
        skipIf: (context) => isSignIn(context) || requestOf(context).rateLimitAccount !== undefined,
        getTracker: (request) => addressOf(request as Request),
      },
      {
        name: 'sign-in',
        ttl: MINUTE,
        limit: loginPerMinute,
        skipIf: (context) => !isSignIn(context),
        getTracker: (request) => addressOf(request as Request),
      },
      {
        name: 'sign-in-account',
        ttl: MINUTE,
        limit: loginPerAccountPerMinute,
        skipIf: (context) => !isSignIn(context) || usernameOf(context) === undefined,
        getTracker: (_request, context) => usernameOf(context)!,
      },
    ],
  };
}

const WHICH: Record<string, string> = {
  account: 'this account / 本账号',
  address: 'this address / 本地址',
  'sign-in': 'sign-in from this address / 本地址的登录',
  'sign-in-account': 'sign-in to this account / 本账号的登录',
};

/**
 * The throttler, told who signs a request (a token whose signature and expiry hold; whether it
 * is revoked is the AuthGuard's question after this) and answering a spent limit as a problem
 * with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    if (UNLIMITED(request.path)) return true;
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(request.headers.authorization ?? '');
    const access = match ? await this.tokens.verify(match[1]!) : undefined;
    if (access) request.rateLimitAccount = access.principal.accountId;
    return super.canActivate(context);
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const name = detail.key.slice(0, detail.key.indexOf(':'));
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new Problem(
      429,
      'Too Many Requests / 请求过于频繁',
      `more than ${detail.limit} requests a minute for ${WHICH[name] ?? name}; retry after ${seconds} s / 请求过于频繁，请 ${seconds} 秒后再试`,
      [],
      { 'Retry-After': String(seconds) },
    );
  }
}
