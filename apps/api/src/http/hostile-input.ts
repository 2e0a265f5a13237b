import { invisibleCharacterIn } from '@ledger/domain';
import type { FieldError } from './problem';

export const MAX_DEPTH = 12;
const MAX_KEYS = 500;
const MAX_ITEMS = 2000;

// NUL and the other C0 controls except tab, line feed and carriage return; PostgreSQL refuses
// NUL in text and jsonb, and none of them belongs in a report.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// A surrogate half without its partner cannot be encoded as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What no endpoint accepts, whatever its DTO says: nesting deeper than MAX_DEPTH, control
 * characters, lone surrogates and invisible or direction-changing characters (bidi overrides,
 * zero-width characters, U+2028; not in passwords) in any string or key, numbers that are not finite (JSON's
 * 1e309 parses as Infinity) or not exact (beyond 2^53), prototype keys, and oversized collections.
 */
export function hostileInputErrors(value: unknown, field = '', depth = 0): FieldError[] {
  const at = field || '(body)';
  if (depth > MAX_DEPTH) return [{ field: at, message: `nested deeper than ${MAX_DEPTH} levels / 嵌套层级过深` }];
  if (typeof value === 'string') return stringErrors(value, at);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return [{ field: at, message: 'must be a finite number / 须为有限数值' }];
    // Beyond 2^53 a number is not stored exactly; no target of a plan comes near.
    if (Math.abs(value) > Number.MAX_SAFE_INTEGER)
      return [{ field: at, message: `must be between ±${Number.MAX_SAFE_INTEGER} / 数值超出范围` }];
    return [];
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) return [{ field: at, message: `more than ${MAX_ITEMS} items / 条目过多` }];
    return value.flatMap((item, index) => hostileInputErrors(item, `${field}[${index}]`, depth + 1));
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length > MAX_KEYS) return [{ field: at, message: `more than ${MAX_KEYS} fields / 字段过多` }];
    return keys.flatMap((key) => {
      const path = field ? `${field}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return [{ field: path, message: 'field name not allowed / 不允许的字段名' }];
      const keyErrors = stringErrors(key, path).map((error) => ({ ...error, message: `field name ${error.message}` }));
      return keyErrors.length > 0 ? keyErrors : hostileInputErrors((value as Record<string, unknown>)[key], path, depth + 1);
    });
  }
  return [];
}

// A password is a secret, never shown: whatever characters it has are its owner's choice.
const SECRET_FIELD = /(^|\.)(password|currentPassword)$/;

function stringErrors(value: string, field: string): FieldError[] {
  if (CONTROL.test(value)) return [{ field, message: 'contains a control character such as NUL / 含有控制字符' }];
  if (LONE_SURROGATE.test(value))
    return [{ field, message: 'contains an unpaired surrogate (not valid Unicode) / 含有无效的 Unicode 字符' }];
  // The domain refuses these in every document's texts; here also in names, keys and everything else.
  const invisible = SECRET_FIELD.test(field) ? undefined : invisibleCharacterIn(value);
  if (invisible)
    return [{ field, message: `contains ${invisible}, an invisible or direction-changing character / 含有不可见字符或改变文字方向的字符` }];
  return [];
}
