import { randomBytes } from 'node:crypto';
import { isSealedTotpSecret, openTotpSecret, resealSecret, sealTotpSecret } from './totp-secrets';

describe('TOTP secrets at rest', () => {
  const key = randomBytes(32);
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('seals a secret so that only its key and its account open it', () => {
    const sealed = sealTotpSecret(key, 'account-1', secret);
    expect(isSealedTotpSecret(sealed)).toBe(true);
    expect(sealed).not.toContain(secret);
    expect(openTotpSecret(key, 'account-1', sealed)).toBe(secret);
    expect(() => openTotpSecret(randomBytes(32), 'account-1', sealed)).toThrow();
    expect(() => openTotpSecret(key, 'account-2', sealed)).toThrow();
  });

  it('seals the same secret differently each time', () => {
    expect(sealTotpSecret(key, 'account-1', secret)).not.toBe(sealTotpSecret(key, 'account-1', secret));
  });

  it('refuses an altered or unsealed value', () => {
    const sealed = sealTotpSecret(key, 'account-1', secret);
    const altered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => openTotpSecret(key, 'account-1', altered)).toThrow();
    expect(isSealedTotpSecret(secret)).toBe(false);
    expect(() => openTotpSecret(key, 'account-1', secret)).toThrow('not sealed');
  });

  it('moves a secret to a new key, leaves one already moved, and names one that opens under neither', () => {
    const next = randomBytes(32);
    const sealed = sealTotpSecret(key, 'account-1', secret);
    const moved = resealSecret(key, next, 'account-1', sealed);
    if (moved.state !== 'resealed') throw new Error(`expected resealed, got ${moved.state}`);
    expect(openTotpSecret(next, 'account-1', moved.value)).toBe(secret);
    expect(resealSecret(key, next, 'account-1', moved.value)).toEqual({ state: 'current' });
    expect(resealSecret(randomBytes(32), next, 'account-1', sealed)).toEqual({ state: 'unreadable' });
    expect(resealSecret(key, next, 'account-2', sealed)).toEqual({ state: 'unreadable' });
    expect(resealSecret(key, next, 'account-1', secret)).toEqual({ state: 'not sealed' });
  });
});
