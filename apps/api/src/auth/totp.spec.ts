import { acceptedStep, base32Decode, base32Encode, currentCode, newTotpSecret } from './totp';

describe('TOTP', () => {
  it('round-trips base32 (RFC 4648 test vector)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(Buffer.from(base32Decode('MZXW6YTBOI')).toString()).toBe('foobar');
  });

  it('computes the RFC 6238 SHA-1 code', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect(currentCode(secret, 59)).toBe('287082');
  });

  it('accepts the current code once, and nothing else', () => {
    const { secret, otpauthUrl } = newTotpSecret();
    expect(otpauthUrl('admin')).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    const code = currentCode(secret);
    const step = acceptedStep(secret, code, null);
    expect(step).toEqual(expect.any(Number));
    expect(acceptedStep(secret, code, step!)).toBeUndefined();
    expect(acceptedStep(secret, code === '000000' ? '111111' : '000000', null)).toBeUndefined();
    expect(acceptedStep(secret, '12345', null)).toBeUndefined();
  });
});
