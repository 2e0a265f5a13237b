import type { HistoryEntry, IndicatorChange } from './api';

/** What changed since the previous revision, as the API computed it: only the indicators whose value moved. */
export function changedIndicators(diff: IndicatorChange[] | undefined): IndicatorChange[] | undefined {
  return diff?.filter((change) => change.before !== change.after);
}

/** The reasons reviewers gave when they sent the report back, latest first. */
export function returnReasons(entries: HistoryEntry[]): HistoryEntry[] {
  return entries.filter((entry) => (entry.type === 'ReportRejected' || entry.type === 'ReportReturned') && entry.comment).reverse();
}
