import type { ApprovalChain } from './chain';
import type { IndicatorValue, ReportEventWithActor } from './events';

interface Filed {
  reportId: string;
  planId: string;
  taskId: string;
  period: string;
  unitId: string;
  countersignUnit?: string;
  submittedBy: string;
  revision: number;
  values: IndicatorValue[];
  narrative: string;
  chain: ApprovalChain;
  /** Everyone who submitted a revision of the report. */
  submitters: string[];
  /**
   * For separation of duties: who took part at which stage, over every revision (actor id →
   * stage ids). Opening, deciding, handing a stage over and being handed it all count, for the
   * acting person and for whom they acted; urging and reclaiming do not (they act on the chain,
   * not at a stage).
   */
  participants: Record<string, string[]>;
}

export interface OpenUrge {
  urgeId: string;
  urgedRole: string;
  urgedUnitId?: string;
}

/** What belongs to the stage the report waits at; it starts afresh when the stage changes. */
interface Waiting {
  stage: string;
  stageEnteredAt: string;
  /** A reviewer has opened or acted on this revision: the unit can no longer withdraw it. */
  opened: boolean;
  /** Opened during this visit of the stage (each visit records its own opening). */
  stageOpened: boolean;
  /** Set by a transfer: only this person (or their delegate) acts at the stage. */
  assignee?: string;
  /** delegate id → the person they act for. */
  delegations: Record<string, string>;
  urges: OpenUrge[];
  timers: { reminded: boolean; overdue: boolean; escalated: boolean };
}

export type ReportState =
  | { status: 'empty' }
  | (Filed & Waiting & { status: 'in_review' })
  | (Filed & { status: 'returned'; reason: string })
  | (Filed & { status: 'withdrawn' })
  | (Filed & { status: 'signed_off' });

export type ReportStatus = ReportState['status'];
export type InReview = Extract<ReportState, { status: 'in_review' }>;

export const initialReportState: ReportState = { status: 'empty' };

function enter(stage: string, at: string, opened: boolean): Waiting {
  return {
    stage,
    stageEnteredAt: at,
    opened,
    stageOpened: false,
    assignee: undefined,
    delegations: {},
    urges: [],
    timers: { reminded: false, overdue: false, escalated: false },
  };
}

/** Folds one event into the state. Who submitted comes from the event's metadata (its actor). */
export function evolve(state: ReportState, event: ReportEventWithActor): ReportState {
  const { actorId } = event.metadata;
  switch (event.type) {
    case 'ReportSubmitted': {
      const { reportId, planId, taskId, period, unitId, countersignUnit, revision, values, narrative, chain, stage, at } = event.data;
      const filed: Filed = {
        reportId,
        planId,
        taskId,
        period,
        unitId,
        countersignUnit,
        submittedBy: actorId,
        revision,
        values,
        narrative,
        chain,
        submitters: [actorId],
        participants: {},
      };
      return { status: 'in_review', ...filed, ...enter(stage, at, false) };
    }
    case 'ReportResubmitted': {
      if (state.status === 'empty') return state;
      const { revision, values, narrative, stage, at } = event.data;
      const submitters = state.submitters.includes(actorId) ? state.submitters : [...state.submitters, actorId];
      return {
        ...filed(state),
        status: 'in_review',
        submittedBy: actorId,
        submitters,
        revision,
        values,
        narrative,
        ...enter(stage, at, false),
      };
    }
    case 'ReportOpened':
      return state.status === 'in_review'
        ? {
            ...state,
            participants: joined(state.participants, event.data.stage, actorId, event.data.onBehalfOf),
            opened: true,
            stageOpened: true,
          }
        : state;
    case 'ReportCountersigned':
      return state.status === 'in_review'
        ? {
            ...state,
            participants: joined(state.participants, event.data.stage, actorId),
            ...enter(event.data.nextStage, event.data.at, true),
          }
        : state;
    case 'ReportApproved':
      return state.status === 'in_review'
        ? {
            ...state,
            participants: joined(state.participants, event.data.stage, actorId, event.data.onBehalfOf),
            ...enter(event.data.nextStage, event.data.at, true),
          }
        : state;
    case 'ReportReturned':
      return state.status === 'in_review'
        ? {
            ...state,
            participants: joined(state.participants, event.data.stage, actorId, event.data.onBehalfOf),
            ...enter(event.data.toStage, event.data.at, true),
          }
        : state;
    case 'ReportRejected':
      return state.status === 'empty'
        ? state
        : {
            ...filed(state),
            participants: joined(state.participants, event.data.stage, actorId, event.data.onBehalfOf),
            status: 'returned',
            reason: event.data.reason,
          };
    case 'ReportWithdrawn':
      return state.status === 'empty' ? state : { ...filed(state), status: 'withdrawn' };
    case 'ReportSignedOff':
      return state.status === 'empty'
        ? state
        : {
            ...filed(state),
            participants: joined(state.participants, event.data.stage, actorId, event.data.onBehalfOf),
            status: 'signed_off',
          };
    case 'ReportUrged': {
      if (state.status !== 'in_review') return state;
      const { urgeId, urgedRole, urgedUnitId } = event.data;
      return { ...state, urges: [...state.urges, { urgeId, urgedRole, urgedUnitId }] };
    }
    case 'UrgeAcknowledged':
      return state.status === 'in_review' ? { ...state, urges: state.urges.filter((urge) => urge.urgeId !== event.data.urgeId) } : state;
    case 'ReportTransferred':
      return state.status === 'in_review'
        ? {
            ...state,
            participants: joined(state.participants, event.data.stage, actorId, event.data.toActorId),
            assignee: event.data.toActorId,
            delegations: {},
          }
        : state;
    case 'ReportDelegated':
      return state.status === 'in_review'
        ? {
            ...state,
            participants: joined(state.participants, event.data.stage, event.data.delegatorId, event.data.delegateId),
            delegations: { ...state.delegations, [event.data.delegateId]: event.data.delegatorId },
          }
        : state;
    case 'ReportReclaimed':
      // Delegations made by the assignee end with the assignment.
      return state.status === 'in_review' ? { ...state, assignee: undefined, delegations: {} } : state;
    case 'StageReminderSent':
      return state.status === 'in_review' ? { ...state, timers: { ...state.timers, reminded: true } } : state;
    case 'StageOverdue':
      return state.status === 'in_review' ? { ...state, timers: { ...state.timers, overdue: true } } : state;
    case 'StageEscalated':
      return state.status === 'in_review' ? { ...state, timers: { ...state.timers, escalated: true } } : state;
    default:
      return assertNever(event);
  }
}

function filed(state: Exclude<ReportState, { status: 'empty' }>): Filed {
  const { reportId, planId, taskId, period, unitId, countersignUnit, submittedBy, revision, values, narrative, chain } = state;
  const { submitters, participants } = state;
  return {
    reportId,
    planId,
    taskId,
    period,
    unitId,
    countersignUnit,
    submittedBy,
    revision,
    values,
    narrative,
    chain,
    submitters,
    participants,
  };
}

/**
 * The participants with these people recorded as taking part at `stage` (see Filed.participants);
 * the same object when they already were, so a fold (a read-model rebuild runs this for every
 * event) copies only what changes.
 */
function joined(participants: Filed['participants'], stage: string, ...people: Array<string | undefined>): Filed['participants'] {
  let result = participants;
  for (const person of people) {
    if (person === undefined) continue;
    const stages = result[person];
    if (stages?.includes(stage)) continue;
    if (result === participants) result = { ...participants };
    result[person] = stages ? [...stages, stage] : [stage];
  }
  return result;
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
