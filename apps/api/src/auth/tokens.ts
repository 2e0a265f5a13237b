import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Principal } from './principal';

const ISSUER = 'minsheng-ledger';
const AUDIENCE = 'minsheng-ledger-api';
// A second-factor challenge is a different kind of token: it must never pass as an access token.
const CHALLENGE_AUDIENCE = 'minsheng-ledger-totp-challenge';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
const CHALLENGE_SECONDS = 5 * 60;

/** A verified access token: who, its id and expiry for the sign-out denylist, and the session it belongs to. */
export interface VerifiedAccess {
  principal: Principal;
  jti: string;
  expiresAt: Date;
  /**
   * The sign-in it was issued for: the family of its refresh tokens. When the session ends
   * (logout, a reused refresh token, the account signed out everywhere) its access tokens end
   * with it. Absent only in tokens issued before sessions were named, which expire within
   * ACCESS_TOKEN_SECONDS.
   */
  sessionId?: string;
}

export interface VerifiedChallenge {
  accountId: string;
  jti: string;
  expiresAt: Date;
}

interface Claims {
  sub: string;
  jti: string;
  exp: number;
}

/**
 * Short-lived HS256 tokens. On verify the algorithm, issuer, audience and expiry are checked;
 * `alg: none` and every other algorithm are refused.
 */
@Injectable()
export class AccessTokens {
  constructor(private readonly jwt: JwtService) {}

  issue(principal: Principal, sessionId: string): Promise<string> {
    return this.jwt.signAsync(
      { username: principal.username, role: principal.role, unitId: principal.unitId, sid: sessionId },
      {
        subject: principal.accountId,
        jwtid: randomUUID(),
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithm: 'HS256',
        expiresIn: ACCESS_TOKEN_SECONDS,
      },
    );
  }

  async verify(token: string): Promise<VerifiedAccess | undefined> {
    const claims = await this.check<Claims & { username: string; role: Principal['role']; unitId: string | null; sid?: unknown }>(
      token,
      AUDIENCE,
    );
    if (!claims || typeof claims.jti !== 'string') return undefined;
    return {
      principal: { accountId: claims.sub, username: claims.username, role: claims.role, unitId: claims.unitId },
      jti: claims.jti,
      expiresAt: new Date(claims.exp * 1000),
      ...(typeof claims.sid === 'string' ? { sessionId: claims.sid } : {}),
    };
  }

  /** The proof of a correct password that `POST /api/auth/totp` exchanges, with a code, for a session. */
  issueChallenge(accountId: string): Promise<string> {
    return this.jwt.signAsync(
      { purpose: 'totp' },
      {
        subject: accountId,
        jwtid: randomUUID(),
        issuer: ISSUER,
        audience: CHALLENGE_AUDIENCE,
        algorithm: 'HS256',
        expiresIn: CHALLENGE_SECONDS,
      },
    );
  }

  async verifyChallenge(token: string): Promise<VerifiedChallenge | undefined> {
    const claims = await this.check<Claims>(token, CHALLENGE_AUDIENCE);
    if (!claims || typeof claims.jti !== 'string') return undefined;
    return { accountId: claims.sub, jti: claims.jti, expiresAt: new Date(claims.exp * 1000) };
  }

  private async check<T extends object>(token: string, audience: string): Promise<T | undefined> {
    try {
      return await this.jwt.verifyAsync<T>(token, { issuer: ISSUER, audience, algorithms: ['HS256'] });
    } catch {
      return undefined;
    }
  }
}
