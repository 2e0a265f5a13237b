/**
 * Backoff after failed sign-ins, per account, per account and client address, and per address:
 * below the threshold nothing happens; from it on, each failure locks for twice as long as the
 * one before, capped at 15 minutes. A lock always ends by itself (or by an admin's unlock), and a
 * quiet spell of 15 minutes forgets the failures. While an account backs off, its right password
 * from an address with no recent failure for it still signs in, so nobody can lock a user out.
 */
export const LOCKOUT = {
  accountThreshold: 5,
  addressThreshold: 20,
  firstLockSeconds: 30,
  maxLockSeconds: 15 * 60,
  forgetAfterSeconds: 15 * 60,
} as const;

export function lockSeconds(failures: number, threshold: number): number {
  if (failures < threshold) return 0;
  return Math.min(LOCKOUT.maxLockSeconds, LOCKOUT.firstLockSeconds * 2 ** (failures - threshold));
}

/**
 * The failure counters of a sign-in: the account's (password failures, from anywhere), the
 * account's second step (wrong codes), the account at this address, and the address (any account).
 */
export interface LockoutKeys {
  account: string;
  secondFactor: string;
  pair: string;
  address: string;
}

export function lockoutKeys(username: string, origin: { ip: string }): LockoutKeys {
  return {
    account: `account:${username}`,
    secondFactor: `totp:${username}`,
    pair: `${pairPrefix(username)}${origin.ip}`,
    address: `ip:${origin.ip}`,
  };
}

/** Every pair key of an account starts so (usernames hold no `|`), which is what an unlock clears. */
export function pairPrefix(username: string): string {
  return `pair:${username}|`;
}
