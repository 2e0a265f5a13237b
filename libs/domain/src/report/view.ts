import type { ReportState } from './state';

/** What a command answers with: where the report stands now. */
export interface ReportSummary {
  id: string;
  status: ReportState['status'];
  stage: string | null;
  revision: number;
}

export function summarize(state: ReportState): ReportSummary {
  if (state.status === 'empty') return { id: '', status: 'empty', stage: null, revision: 0 };
  return { id: state.reportId, status: state.status, stage: state.status === 'in_review' ? state.stage : null, revision: state.revision };
}
