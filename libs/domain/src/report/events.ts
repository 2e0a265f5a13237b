import type { ImplausibleReason } from './plausibility';
import type { AttachmentRef } from '../attachments';
import type { ApprovalChain } from './chain';

export interface IndicatorValue {
  indicatorId: string;
  value: number;
  /** Why a cumulative value is below the last signed-off one (required then). */
  explanation?: string;
  /** The unit confirmed a value the plausibility rule questions (plausibility.ts). */
  confirmedImplausible?: boolean;
  /** Set by the rules on a confirmed implausible value: why it was questioned, for the reviewer. */
  implausible?: ImplausibleReason[];
}

interface ReportEventBase {
  reportId: string;
  /** Domain time of the action (ISO 8601), from the command, never from a clock in the rules. */
  at: string;
}

/** When a delegate acts, the person they act for; the acting person is the event's actor. */
interface MaybeOnBehalf {
  onBehalfOf?: string;
}

export interface ReportSubmitted extends ReportEventBase {
  planId: string;
  taskId: string;
  period: string;
  unitId: string;
  /** The co-lead unit that countersigns, for co-led tasks. */
  countersignUnit?: string;
  revision: number;
  values: IndicatorValue[];
  narrative: string;
  /** 佐证材料 of this revision (absent when none; events recorded before evidence have none). */
  attachments?: AttachmentRef[];
  chain: ApprovalChain;
  stage: string;
}

export interface ReportResubmitted extends ReportEventBase {
  revision: number;
  values: IndicatorValue[];
  narrative: string;
  /** The revision's own evidence: a resubmission names every file it rests on, not only new ones. */
  attachments?: AttachmentRef[];
  stage: string;
}

export interface ReportOpened extends ReportEventBase, MaybeOnBehalf {
  stage: string;
}

export interface ReportCountersigned extends ReportEventBase {
  stage: string;
  unitId: string;
  nextStage: string;
  comment?: string;
}

export interface ReportApproved extends ReportEventBase, MaybeOnBehalf {
  stage: string;
  nextStage: string;
  comment?: string;
}

export interface ReportRejected extends ReportEventBase, MaybeOnBehalf {
  stage: string;
  reason: string;
}

export interface ReportReturned extends ReportEventBase, MaybeOnBehalf {
  stage: string;
  toStage: string;
  reason: string;
}

export interface ReportWithdrawn extends ReportEventBase {
  reason?: string;
}

export interface ReportSignedOff extends ReportEventBase, MaybeOnBehalf {
  planId: string;
  taskId: string;
  period: string;
  stage: string;
  revision: number;
  values: IndicatorValue[];
  comment?: string;
}

export interface ReportUrged extends ReportEventBase {
  stage: string;
  urgeId: string;
  /** Who is urged: the role of the stage, and the unit when a unit is urged. */
  urgedRole: string;
  urgedUnitId?: string;
  message?: string;
}

export interface UrgeAcknowledged extends ReportEventBase {
  urgeId: string;
  stage: string;
}

export interface ReportTransferred extends ReportEventBase {
  stage: string;
  /** The previous assignee of the stage, when it had one. */
  fromActorId?: string;
  toActorId: string;
}

export interface ReportDelegated extends ReportEventBase {
  stage: string;
  delegatorId: string;
  delegateId: string;
}

/** 收回: the stage is no longer assigned; every holder of its role may act there again. */
export interface ReportReclaimed extends ReportEventBase {
  stage: string;
  /** The assignee who could no longer act. */
  fromActorId: string;
}

/** Stage timers: a reminder before the SLA, overdue at it, escalation after it. */
export interface StageTimerEvent extends ReportEventBase {
  stage: string;
  dueAt: string;
}

export interface StageEscalated extends StageTimerEvent {
  escalatedTo: string;
}

export type ReportEvent =
  | { type: 'ReportSubmitted'; data: ReportSubmitted }
  | { type: 'ReportResubmitted'; data: ReportResubmitted }
  | { type: 'ReportOpened'; data: ReportOpened }
  | { type: 'ReportCountersigned'; data: ReportCountersigned }
  | { type: 'ReportApproved'; data: ReportApproved }
  | { type: 'ReportRejected'; data: ReportRejected }
  | { type: 'ReportReturned'; data: ReportReturned }
  | { type: 'ReportWithdrawn'; data: ReportWithdrawn }
  | { type: 'ReportSignedOff'; data: ReportSignedOff }
  | { type: 'ReportUrged'; data: ReportUrged }
  | { type: 'UrgeAcknowledged'; data: UrgeAcknowledged }
  | { type: 'ReportTransferred'; data: ReportTransferred }
  | { type: 'ReportDelegated'; data: ReportDelegated }
  | { type: 'ReportReclaimed'; data: ReportReclaimed }
  | { type: 'StageReminderSent'; data: StageTimerEvent }
  | { type: 'StageOverdue'; data: StageTimerEvent }
  | { type: 'StageEscalated'; data: StageEscalated };

export type ReportEventType = ReportEvent['type'];

/** Who acted: the event's metadata, recorded beside its payload (actors are never in the payload). */
export interface ActorMetadata {
  actorId: string;
}

/**
 * A report event as it is folded: with its metadata. An event read from the store is one as it
 * is; the workflow adds the actor of the command that decided it.
 */
export type ReportEventWithActor = ReportEvent & { metadata: ActorMetadata };

export const REPORT_EVENT_TYPES: readonly ReportEventType[] = [
  'ReportSubmitted',
  'ReportResubmitted',
  'ReportOpened',
  'ReportCountersigned',
  'ReportApproved',
  'ReportRejected',
  'ReportReturned',
  'ReportWithdrawn',
  'ReportSignedOff',
  'ReportUrged',
  'UrgeAcknowledged',
  'ReportTransferred',
  'ReportDelegated',
  'ReportReclaimed',
  'StageReminderSent',
  'StageOverdue',
  'StageEscalated',
];

export function reportStreamId(reportId: string): string {
  return `report-${reportId}`;
}
