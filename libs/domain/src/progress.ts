/** The parts of an indicator that progress depends on. */
export interface Target {
  kind: 'cumulative' | 'rate' | 'standard' | 'decrease' | 'milestone' | 'qualitative';
  target: number | null;
  comparator: '>=' | '>' | '<=' | '=';
}

/**
 * Percent of target reached by a signed-off value. Milestones and qualitative duties report 1
 * (done) or 0; a `<=` target (a ceiling) counts as met while the value stays under it.
 */
export function percentOfTarget(indicator: Target, value: number): number {
  if (indicator.kind === 'milestone' || indicator.kind === 'qualitative' || indicator.target === null) return value > 0 ? 100 : 0;
  if (indicator.comparator === '<=') return value <= indicator.target ? 100 : round((indicator.target / value) * 100);
  if (indicator.target === 0) return 100;
  return round((value / indicator.target) * 100);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
