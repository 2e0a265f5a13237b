import type { UrgeEvent } from './events';

interface Urged {
  urgeId: string;
  planId: string;
  taskId: string;
  period: string;
  unitIds: string[];
  message?: string;
  urgedAt: string;
  /** The lead units that have acknowledged it, in order. */
  acknowledgedBy: string[];
}

/** Urged until every lead unit asked has acknowledged it. */
export type UrgeState = { status: 'empty' } | (Urged & { status: 'urged' }) | (Urged & { status: 'acknowledged' });

export type UrgeStatus = UrgeState['status'];

export const initialUrgeState: UrgeState = { status: 'empty' };

export function evolveUrge(state: UrgeState, event: UrgeEvent): UrgeState {
  switch (event.type) {
    case 'TaskUrged': {
      const { urgeId, planId, taskId, period, unitIds, message, at } = event.data;
      return {
        status: 'urged',
        urgeId,
        planId,
        taskId,
        period,
        unitIds,
        ...(message === undefined ? {} : { message }),
        urgedAt: at,
        acknowledgedBy: [],
      };
    }
    case 'TaskUrgeAcknowledged': {
      if (state.status === 'empty') return state;
      const acknowledgedBy = [...state.acknowledgedBy, event.data.unitId];
      const all = state.unitIds.every((unit) => acknowledgedBy.includes(unit));
      return { ...state, acknowledgedBy, status: all ? 'acknowledged' : 'urged' };
    }
    default:
      return assertNever(event);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected urge event: ${JSON.stringify(value)}`);
}

/** What an operation on an urge answers, and what the API lists. */
export interface UrgeSummary {
  id: string;
  taskId: string;
  period: string;
  unitIds: string[];
  message?: string;
  status: Exclude<UrgeStatus, 'empty'>;
  urgedAt: string;
  acknowledgedBy: string[];
}

export function summarizeUrge(state: UrgeState): UrgeSummary | null {
  if (state.status === 'empty') return null;
  const { urgeId, taskId, period, unitIds, message, status, urgedAt, acknowledgedBy } = state;
  return { id: urgeId, taskId, period, unitIds, ...(message === undefined ? {} : { message }), status, urgedAt, acknowledgedBy };
}
