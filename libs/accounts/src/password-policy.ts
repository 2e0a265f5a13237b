import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// The list ships as a text file beside this source; from the build (dist/libs/accounts/src) it
// is read where the sources are.
const LIST_FILE = join(resolve(__dirname, '../../..').replace(/[\\/]dist$/, ''), 'libs/accounts/src/common-passwords.txt');

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(LIST_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return common;
}

/** Why a new password is refused (in English and Chinese), or undefined when it is acceptable. */
export function passwordWeakness(password: string, username?: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters / 密码至少 ${MIN_PASSWORD_LENGTH} 位`;
  if (password.length > MAX_PASSWORD_LENGTH) return `at most ${MAX_PASSWORD_LENGTH} characters / 密码至多 ${MAX_PASSWORD_LENGTH} 位`;
  const lower = password.toLowerCase();
  if (new Set(lower).size < 4) return 'too few different characters / 密码字符过于单一';
  if (commonPasswords().has(lower)) return 'a commonly used password / 属于常见弱密码';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase()))
    return 'must not contain the username / 密码不得包含用户名';
  return undefined;
}
