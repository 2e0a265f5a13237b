import { invisibleTextProblems, precisionProblem } from '../text';
import type { IndicatorValue } from './events';

export type RuleViolationCode = 'invalid_input' | 'forbidden' | 'invalid_state';

export interface FieldProblem {
  field: string;
  message: string;
}

/** A command the rules refuse. `code` tells the adapters which status to answer with. */
export class ReportRuleViolation extends Error {
  constructor(
    readonly code: RuleViolationCode,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ReportRuleViolation';
  }
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A reporting period is a month of the plan's year, written YYYY-MM. */
export function periodProblems(period: string, year: number): FieldProblem[] {
  const match = PERIOD.exec(period);
  if (!match) return [{ field: 'period', message: `"${period}" is not a month written YYYY-MM / 期间格式应为 YYYY-MM` }];
  if (Number(match[1]) !== year) return [{ field: 'period', message: `${period} is outside the plan year ${year} / 期间不在方案年度内` }];
  return [];
}

/**
 * Every indicator of the task exactly once, each a finite number that is not negative, whole
 * for a count and otherwise of a sensible precision; a cumulative value below its last
 * signed-off value carries an explanation.
 */
export function valueProblems(
  values: IndicatorValue[],
  indicatorIds: string[],
  cumulativeFloor: Record<string, number> = {},
  wholeNumberIds: readonly string[] = [],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const expected = new Set(indicatorIds);
  const seen = new Set<string>();
  values.forEach((entry, index) => {
    const field = `values[${index}]`;
    if (!expected.has(entry.indicatorId)) {
      problems.push({
        field: `${field}.indicatorId`,
        message: `indicator ${entry.indicatorId} is not an indicator of this task / 非本任务指标`,
      });
    } else if (seen.has(entry.indicatorId)) {
      problems.push({ field: `${field}.indicatorId`, message: `indicator ${entry.indicatorId} is reported twice / 指标重复填报` });
    }
    seen.add(entry.indicatorId);
    if (typeof entry.value !== 'number' || !Number.isFinite(entry.value)) {
      problems.push({ field: `${field}.value`, message: `indicator ${entry.indicatorId}: value must be a finite number / 数值无效` });
    } else if (entry.value < 0) {
      problems.push({ field: `${field}.value`, message: `indicator ${entry.indicatorId}: value must not be negative / 数值不能为负` });
    } else {
      const imprecise = precisionProblem(entry.value, wholeNumberIds.includes(entry.indicatorId));
      if (imprecise) problems.push({ field: `${field}.value`, message: `indicator ${entry.indicatorId}: ${imprecise}` });
      const floor = cumulativeFloor[entry.indicatorId];
      if (floor !== undefined && entry.value < floor && !entry.explanation?.trim()) {
        problems.push({
          field: `${field}.explanation`,
          message: `indicator ${entry.indicatorId}: ${entry.value} is below the signed-off ${floor}; explain why / 低于已签发累计值，须说明原因`,
        });
      }
    }
    if (typeof entry.explanation === 'string') problems.push(...invisibleTextProblems(`${field}.explanation`, entry.explanation));
  });
  for (const id of indicatorIds) {
    if (!seen.has(id)) problems.push({ field: 'values', message: `indicator ${id} is missing / 缺少指标 ${id}` });
  }
  return problems;
}
