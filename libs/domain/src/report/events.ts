import type { ApprovalChain } from './chain';

export interface IndicatorValue {
  indicatorId: string;
  value: number;
}

interface ReportEventBase {
  reportId: string;
  /** Domain time of the action (ISO 8601), from the command, never from a clock in the rules. */
  at: string;
}

export interface ReportSubmitted extends ReportEventBase {
  planId: string;
  taskId: string;
  period: string;
  unitId: string;
  revision: number;
  values: IndicatorValue[];
  narrative: string;
  chain: ApprovalChain;
  stage: string;
}

export interface ReportResubmitted extends ReportEventBase {
  revision: number;
  values: IndicatorValue[];
  narrative: string;
  stage: string;
}

export interface ReportApproved extends ReportEventBase {
  stage: string;
  nextStage: string;
  comment?: string;
}

export interface ReportRejected extends ReportEventBase {
  stage: string;
  reason: string;
}

export interface ReportSignedOff extends ReportEventBase {
  planId: string;
  taskId: string;
  period: string;
  stage: string;
  revision: number;
  values: IndicatorValue[];
  comment?: string;
}

export type ReportEvent =
  | { type: 'ReportSubmitted'; data: ReportSubmitted }
  | { type: 'ReportResubmitted'; data: ReportResubmitted }
  | { type: 'ReportApproved'; data: ReportApproved }
  | { type: 'ReportRejected'; data: ReportRejected }
  | { type: 'ReportSignedOff'; data: ReportSignedOff };

export type ReportEventType = ReportEvent['type'];

export const REPORT_EVENT_TYPES: readonly ReportEventType[] = [
  'ReportSubmitted',
  'ReportResubmitted',
  'ReportApproved',
  'ReportRejected',
  'ReportSignedOff',
];

export function reportStreamId(reportId: string): string {
  return `report-${reportId}`;
}
