import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
// The TOTP core without otplib's default plugins, which are ES modules only; node:crypto and
// the small base32 below stand in for them.
import { generateSync, verifySync, type CryptoPlugin } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';

const ISSUER = '民生实事督办台账';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const nodeCrypto: CryptoPlugin = {
  name: 'node',
  hmac: (algorithm, key, data) => new Uint8Array(createHmac(algorithm, key).update(data).digest()),
  randomBytes: (length) => new Uint8Array(randomBytes(length)),
  constantTimeEqual: (a, b) => {
    const left = Buffer.from(a as Uint8Array | string);
    const right = Buffer.from(b as Uint8Array | string);
    return left.length === right.length && timingSafeEqual(left, right);
  },
};

/** RFC 4648 base32, as authenticator apps read secrets. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '').toUpperCase();
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(bytes);
}

export function newTotpSecret(): { secret: string; otpauthUrl: (label: string) => string } {
  const secret = base32Encode(randomBytes(20));
  return { secret, otpauthUrl: (label) => generateTOTP({ issuer: ISSUER, label, secret }) };
}

/** The current code of a secret (what the authenticator app shows). */
export function currentCode(secret: string, epochSeconds = Date.now() / 1000): string {
  return generateSync({ secret: base32Decode(secret), crypto: nodeCrypto, epoch: Math.floor(epochSeconds) });
}

/**
 * The time step of a valid code (30 s either side is tolerated for clock drift), or undefined.
 * A step at or before `lastStep` was used already: a code is good once.
 */
export function acceptedStep(secret: string, code: string, lastStep: number | null): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = verifySync({ secret: base32Decode(secret), token: code, crypto: nodeCrypto, epochTolerance: 30 });
  if (!result.valid) return undefined;
  return lastStep !== null && result.timeStep <= lastStep ? undefined : result.timeStep;
}
