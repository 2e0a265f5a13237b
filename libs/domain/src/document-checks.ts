import { ReportRuleViolation, type FieldProblem, type RuleViolationCode } from './report/rules';
import { invisibleTextProblems } from './text';

/** What the rules of every document kind check the same way, with the same bilingual words. */

export const refuse = (code: RuleViolationCode, message: string, problems: FieldProblem[] = []) =>
  new ReportRuleViolation(code, message, problems);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_TEXT = 2000;

/** The end of a China-time day (23:59:59.999 at UTC+8), as an instant. */
export function endOfCstDay(day: string): string {
  return new Date(Date.parse(`${day}T23:59:59.999+08:00`)).toISOString();
}

export function textProblems(field: string, value: string | undefined, required: boolean, max = MAX_TEXT): FieldProblem[] {
  if (value === undefined || value.trim() === '') return required ? [{ field, message: `${field} is required / 必填` }] : [];
  if (value.length > max) return [{ field, message: `${field} is longer than ${max} characters / 不超过 ${max} 字` }];
  return invisibleTextProblems(field, value);
}

/** A day written YYYY-MM-DD whose end (China time) is not before `notBefore`. */
export function dayProblems(field: string, value: string, notBefore: string): FieldProblem[] {
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00+08:00`)))
    return [{ field, message: `"${value}" is not a day written YYYY-MM-DD / 日期格式应为 YYYY-MM-DD` }];
  if (endOfCstDay(value) < notBefore) return [{ field, message: `${value} has already passed / 日期不能早于今天` }];
  return [];
}
