import { LOCKOUT, lockSeconds } from './lockout';

describe('sign-in backoff', () => {
  it('does nothing below the threshold', () => {
    for (let failures = 0; failures < LOCKOUT.accountThreshold; failures++) expect(lockSeconds(failures, LOCKOUT.accountThreshold)).toBe(0);
  });

  it('doubles from the threshold on and never exceeds 15 minutes', () => {
    const locks = Array.from({ length: 30 }, (_, i) => lockSeconds(LOCKOUT.accountThreshold + i, LOCKOUT.accountThreshold));
    expect(locks[0]).toBe(LOCKOUT.firstLockSeconds);
    expect(locks[1]).toBe(2 * LOCKOUT.firstLockSeconds);
    for (let i = 1; i < locks.length; i++) expect(locks[i]).toBeGreaterThanOrEqual(locks[i - 1]!);
    expect(Math.max(...locks)).toBe(15 * 60);
  });
});
