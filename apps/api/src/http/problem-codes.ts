/**
 * The machine-readable kind of an error answer, beside its bilingual words: a client shows its own
 * message per code (the console's are in apps/web/src/errors.ts). Most follow the status
 * (STATUS_CODES); a few say more (a wrong password, an expired session).
 */
export type ProblemCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'wrong_credentials'
  | 'totp_invalid'
  | 'session_expired'
  | 'account_inactive'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'invalid_state'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'internal_error'
  | 'unavailable';

export const STATUS_CODES: Record<number, ProblemCode> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  500: 'internal_error',
  503: 'unavailable',
};

/** The codes that say more than their status. */
export const EXTRA_PROBLEM_CODES: readonly ProblemCode[] = [
  'wrong_credentials',
  'totp_invalid',
  'session_expired',
  'account_inactive',
  'invalid_state',
];

export const codeOfStatus = (status: number): ProblemCode => STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'invalid_input');
