import type { FieldProblem } from './report/rules';

/**
 * Characters that change what text looks like without being seen, so a name, a reason or a
 * narrative could read one way and say another: C1 controls, the soft hyphen, bidi marks,
 * embeddings, overrides and isolates (U+200E/F, U+202A–202E, U+2066–2069, U+061C), zero-width
 * characters (U+200B–200D, U+2060–2064, U+FEFF), the line and paragraph separators U+2028/2029
 * (a line break is \n), Hangul fillers, interlinear annotations and tag characters. Chinese
 * punctuation, the ideographic space and variation selectors are ordinary text and stay.
 */
const INVISIBLE =
  /[\u0080-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/u;

/** The first invisible or direction-changing character of a text, as U+XXXX, or undefined. */
export function invisibleCharacterIn(value: string): string | undefined {
  const found = INVISIBLE.exec(value)?.[0];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** One rule for every text of every kind: no character that hides or reorders what a reader sees. */
export function invisibleTextProblems(field: string, value: string | undefined): FieldProblem[] {
  const found = value === undefined ? undefined : invisibleCharacterIn(value);
  if (found === undefined) return [];
  return [
    {
      field,
      message: `${field} contains ${found}, an invisible or direction-changing character / 含有不可见字符或改变文字方向的字符（${found}）`,
    },
  ];
}

/**
 * Whether a figure has the precision its indicator can have: counts of people, households and
 * things are whole numbers; any other value has at most four decimal places (1e-320 is no value
 * a plan can mean).
 */
export function precisionProblem(value: number, wholeNumber: boolean): string | undefined {
  if (wholeNumber) return Number.isInteger(value) ? undefined : 'must be a whole number (a count) / 计数须为整数';
  return Number(value.toFixed(MAX_DECIMALS)) === value ? undefined : `at most ${MAX_DECIMALS} decimal places / 最多 ${MAX_DECIMALS} 位小数`;
}

export const MAX_DECIMALS = 4;
