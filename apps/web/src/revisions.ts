import type { HistoryEntry, IndicatorValue } from './api';

export interface ValueChange {
  indicatorId: string;
  before: number | null;
  after: number | null;
}

const SUBMISSIONS = new Set(['ReportSubmitted', 'ReportResubmitted']);

/** The values of each revision in order, from history entries that carry them. */
export function revisionValues(entries: Array<Pick<HistoryEntry, 'type' | 'values'>>): IndicatorValue[][] {
  return entries.filter((entry) => SUBMISSIONS.has(entry.type) && entry.values).map((entry) => entry.values!);
}

/**
 * What changed between the last two revisions, indicator by indicator; undefined when the
 * history does not hold two revisions' values.
 */
export function diffLastRevision(entries: Array<Pick<HistoryEntry, 'type' | 'values'>>): ValueChange[] | undefined {
  const revisions = revisionValues(entries);
  if (revisions.length < 2) return undefined;
  return diffValues(revisions[revisions.length - 2]!, revisions[revisions.length - 1]!);
}

export function diffValues(before: IndicatorValue[], after: IndicatorValue[]): ValueChange[] {
  const ids = [...new Set([...before.map((v) => v.indicatorId), ...after.map((v) => v.indicatorId)])];
  const find = (values: IndicatorValue[], id: string) => values.find((v) => v.indicatorId === id)?.value ?? null;
  return ids
    .map((indicatorId) => ({ indicatorId, before: find(before, indicatorId), after: find(after, indicatorId) }))
    .filter((change) => change.before !== change.after);
}

/** The reasons reviewers gave when they sent the report back, latest first. */
export function returnReasons(entries: HistoryEntry[]): HistoryEntry[] {
  return entries.filter((entry) => (entry.type === 'ReportRejected' || entry.type === 'ReportReturned') && entry.comment).reverse();
}
