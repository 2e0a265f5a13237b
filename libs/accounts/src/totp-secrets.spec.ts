import { randomBytes } from 'node:crypto';
import { isSealedTotpSecret, openTotpSecret, sealTotpSecret } from './totp-secrets';

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
});
