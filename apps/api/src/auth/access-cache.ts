import { Injectable } from '@nestjs/common';
import type { Role } from '@ledger/domain';

/**
 * How long a token's check against the directory is believed without asking again. A change
 * made through this process (logout, a reused refresh token, an admin disabling or changing an
 * account) forgets the cache at once; one made elsewhere (another API replica, the CLI) is
 * honoured within this bound.
 */
export const ACCESS_CACHE_SECONDS = 5;
/** Enough for every session of a city's offices; past it the cache starts over rather than grow. */
const MAX_ENTRIES = 20_000;

/** What the directory said of an active, unrevoked token. */
export interface ActiveAccess {
  role: Role;
  unitId: string | null;
  username: string;
}

/**
 * The directory's answer for a token (account, token id, session), kept for a few seconds so a
 * request does not cost a query each. Only tokens found active are kept: a refused one is asked
 * about every time.
 */
@Injectable()
export class AccessCache {
  private entries = new Map<string, { access: ActiveAccess; until: number }>();

  get(key: string): ActiveAccess | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.access;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, access: ActiveAccess): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { access, until: Date.now() + ACCESS_CACHE_SECONDS * 1000 });
  }

  /** After any change to who may act: every token is checked against the directory again. */
  forget(): void {
    this.entries.clear();
  }
}
