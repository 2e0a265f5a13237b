import type { IndicatorValue } from '@ledger/domain';

export interface IndicatorChange {
  indicatorId: string;
  /** null: the indicator was not in that revision. */
  before: number | null;
  after: number | null;
  change: number | null;
}

/** What a resubmission changed, indicator by indicator (unchanged indicators included, with change 0). */
export function revisionDiff(previous: readonly IndicatorValue[], current: readonly IndicatorValue[]): IndicatorChange[] {
  const before = new Map(previous.map((v) => [v.indicatorId, v.value]));
  const after = new Map(current.map((v) => [v.indicatorId, v.value]));
  const ids = [...new Set([...current.map((v) => v.indicatorId), ...previous.map((v) => v.indicatorId)])];
  return ids.map((indicatorId) => {
    const b = before.get(indicatorId) ?? null;
    const a = after.get(indicatorId) ?? null;
    return { indicatorId, before: b, after: a, change: a !== null && b !== null ? Math.round((a - b) * 1e6) / 1e6 : null };
  });
}
