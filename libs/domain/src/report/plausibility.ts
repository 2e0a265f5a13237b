import type { IndicatorValue } from './events';
import type { FieldProblem } from './rules';

/**
 * Why a reported value looks wrong enough that the unit must confirm it and the reviewer is told:
 * far above the target (999,999,999 台 against 38,801), or a rise in one period out of line with
 * the target (half the year's target in one month).
 */
export type ImplausibleReason = 'far_above_target' | 'jump_out_of_line';

/** What the rules know of one indicator to judge a value: its target and its last signed-off value. */
export interface PlausibilityFacts {
  target: number;
  /** The last signed-off value of an earlier period, when there is one. */
  lastSignedOff?: number;
}

/** A value above this multiple of the target is not a result but, most likely, a typing slip. */
export const FAR_ABOVE_TARGET_MULTIPLE = 3;
/** A cumulative rise in one period above this share of the year's target is out of line. */
export const JUMP_SHARE_OF_TARGET = 0.5;

/** The reasons a value is implausible (none when it is plausible or there is nothing to judge by). */
export function implausibleReasons(value: number, facts: PlausibilityFacts | undefined): ImplausibleReason[] {
  if (!facts || !Number.isFinite(value) || !(facts.target > 0)) return [];
  const reasons: ImplausibleReason[] = [];
  if (value > facts.target * FAR_ABOVE_TARGET_MULTIPLE) reasons.push('far_above_target');
  if (facts.lastSignedOff !== undefined && value - facts.lastSignedOff > facts.target * JUMP_SHARE_OF_TARGET) {
    reasons.push('jump_out_of_line');
  }
  return reasons;
}

export const IMPLAUSIBLE_REASON_TEXT: Record<ImplausibleReason, string> = {
  far_above_target: `above ${FAR_ABOVE_TARGET_MULTIPLE} times the target / 超过目标值的 ${FAR_ABOVE_TARGET_MULTIPLE} 倍`,
  jump_out_of_line: `rises by more than ${JUMP_SHARE_OF_TARGET * 100}% of the target in one period / 单期增幅超过目标值的 ${JUMP_SHARE_OF_TARGET * 100}%`,
};

/**
 * An implausible value passes only confirmed (`confirmedImplausible`); each unconfirmed one is
 * refused naming its field. Indicators without facts are not judged (and commands recorded before
 * the rule carry none, so they replay as they were decided).
 */
export function plausibilityProblems(values: IndicatorValue[], facts: Record<string, PlausibilityFacts> | undefined): FieldProblem[] {
  if (!facts) return [];
  return values.flatMap((entry, index) => {
    const reasons = implausibleReasons(entry.value, facts[entry.indicatorId]);
    if (reasons.length === 0 || entry.confirmedImplausible === true) return [];
    return [
      {
        field: `values[${index}].confirmedImplausible`,
        message: `indicator ${entry.indicatorId}: ${entry.value} is implausible (${reasons.map((r) => IMPLAUSIBLE_REASON_TEXT[r]).join('; ')}); confirm it / 数值异常，请核实后确认`,
      },
    ];
  });
}

/**
 * The values as the report records them: a confirmed implausible value carries its reasons, so
 * the reviewer sees the flag; a confirmation where nothing was implausible is dropped.
 */
export function flagImplausible(values: IndicatorValue[], facts: Record<string, PlausibilityFacts> | undefined): IndicatorValue[] {
  if (!facts) return values;
  return values.map((entry) => {
    const { confirmedImplausible: _confirmed, implausible: _flag, ...rest } = entry;
    const reasons = implausibleReasons(entry.value, facts[entry.indicatorId]);
    return reasons.length > 0 ? { ...rest, confirmedImplausible: true, implausible: reasons } : rest;
  });
}
