import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * TOTP secrets at rest. They cannot be hashed like passwords (the server needs them to compute
 * codes), so they are sealed with AES-256-GCM under a key kept outside the database, and bound to
 * their account: a copy of the database alone yields no second factor, and a sealed secret moved
 * to another account does not open.
 */
const VERSION = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealTotpSecret(key: Buffer, accountId: string, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(accountId, 'utf8'));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The secret, or an error when it was sealed under another key, for another account, or altered. */
export function openTotpSecret(key: Buffer, accountId: string, stored: string): string {
  if (!isSealedTotpSecret(stored)) throw new Error('the TOTP secret is not sealed');
  const bytes = Buffer.from(stored.slice(VERSION.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(accountId, 'utf8'));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** Secrets stored before they were sealed are base32 text; sealed ones carry their format version. */
export const isSealedTotpSecret = (stored: string): boolean => stored.startsWith(VERSION);

/** What became of one stored secret when the key changed. */
export type Reseal = { state: 'resealed'; value: string } | { state: 'current' } | { state: 'not sealed' } | { state: 'unreadable' };

/**
 * One stored secret moved from the previous key to the new one (rotating TOTP_KEY). A secret that
 * already opens under the new key is left as it is, so a rotation interrupted half-way can run
 * again; one that opens under neither is reported, never guessed at.
 */
export function resealSecret(previousKey: Buffer, newKey: Buffer, boundTo: string, stored: string): Reseal {
  if (!isSealedTotpSecret(stored)) return { state: 'not sealed' };
  const opens = (key: Buffer) => {
    try {
      return openTotpSecret(key, boundTo, stored);
    } catch {
      return undefined;
    }
  };
  if (opens(newKey) !== undefined) return { state: 'current' };
  const secret = opens(previousKey);
  return secret === undefined ? { state: 'unreadable' } : { state: 'resealed', value: sealTotpSecret(newKey, boundTo, secret) };
}
