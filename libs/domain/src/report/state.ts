import type { ApprovalChain } from './chain';
import type { IndicatorValue, ReportEvent } from './events';

interface Filed {
  reportId: string;
  planId: string;
  taskId: string;
  period: string;
  unitId: string;
  submittedBy: string;
  revision: number;
  values: IndicatorValue[];
  narrative: string;
  chain: ApprovalChain;
}

export type ReportState =
  | { status: 'empty' }
  | (Filed & { status: 'in_review'; stage: string })
  | (Filed & { status: 'returned'; reason: string })
  | (Filed & { status: 'signed_off' });

export type ReportStatus = ReportState['status'];

export const initialReportState: ReportState = { status: 'empty' };

/** Folds one event into the state. `actorId` is the event's actor (from its metadata). */
export function evolve(state: ReportState, event: ReportEvent, actorId: string): ReportState {
  switch (event.type) {
    case 'ReportSubmitted': {
      const { reportId, planId, taskId, period, unitId, revision, values, narrative, chain, stage } = event.data;
      return { status: 'in_review', reportId, planId, taskId, period, unitId, submittedBy: actorId, revision, values, narrative, chain, stage };
    }
    case 'ReportResubmitted':
      if (state.status === 'empty') return state;
      return {
        ...filed(state),
        status: 'in_review',
        submittedBy: actorId,
        revision: event.data.revision,
        values: event.data.values,
        narrative: event.data.narrative,
        stage: event.data.stage,
      };
    case 'ReportApproved':
      if (state.status !== 'in_review') return state;
      return { ...state, stage: event.data.nextStage };
    case 'ReportRejected':
      if (state.status === 'empty') return state;
      return { ...filed(state), status: 'returned', reason: event.data.reason };
    case 'ReportSignedOff':
      if (state.status === 'empty') return state;
      return { ...filed(state), status: 'signed_off' };
    default:
      return assertNever(event);
  }
}

function filed(state: Exclude<ReportState, { status: 'empty' }>): Filed {
  const { reportId, planId, taskId, period, unitId, submittedBy, revision, values, narrative, chain } = state;
  return { reportId, planId, taskId, period, unitId, submittedBy, revision, values, narrative, chain };
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
