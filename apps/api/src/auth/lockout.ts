/**
 * Backoff after failed sign-ins, per account and per client address: below the threshold
 * nothing happens; from it on, each failure locks for twice as long as the one before, capped
 * at 15 minutes. A lock always ends by itself, and a quiet spell of 15 minutes forgets the
 * failures, so nobody can lock a user out for good.
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
