import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Principal } from './principal';

const ISSUER = 'minsheng-ledger';
const AUDIENCE = 'minsheng-ledger-api';

/** Short-lived HS256 access tokens; the algorithm, issuer and audience are pinned on verify. */
@Injectable()
export class AccessTokens {
  constructor(private readonly jwt: JwtService) {}

  issue(principal: Principal): Promise<string> {
    return this.jwt.signAsync(
      { username: principal.username, role: principal.role, unitId: principal.unitId },
      { subject: principal.accountId, issuer: ISSUER, audience: AUDIENCE, algorithm: 'HS256', expiresIn: '30m' },
    );
  }

  async verify(token: string): Promise<Principal | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<{ sub: string; username: string; role: Principal['role']; unitId: string | null }>(token, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      return { accountId: claims.sub, username: claims.username, role: claims.role, unitId: claims.unitId };
    } catch {
      return undefined;
    }
  }
}
