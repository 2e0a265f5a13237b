import type { PlausibilityFacts } from './plausibility';
import type { Actor } from '../actors';
import type { AttachmentRef } from '../attachments';
import type { ApprovalChain } from './chain';
import type { IndicatorValue } from './events';

interface CommandBase {
  actor: Actor;
  /** Domain time (ISO 8601): workflow time inside workflows, so replays decide the same. */
  now: string;
}

/** What the rules need to know about the task being reported on. */
export interface TaskFacts {
  planId: string;
  taskId: string;
  leadUnits: string[];
  indicatorIds: string[];
  /** The plan's year: periods must fall inside it. */
  year: number;
  /** Last signed-off values of cumulative indicators: a lower value needs an explanation. */
  cumulativeFloor?: Record<string, number>;
  /** Indicators that count people, households or things (人, 户, 台 …): their values are whole numbers. */
  wholeNumberIndicatorIds?: string[];
  /**
   * Targets and last signed-off values of the numeric indicators, to question implausible values.
   * Absent in commands recorded before the rule, which replay as they were decided.
   */
  plausibility?: Record<string, PlausibilityFacts>;
}

export interface SubmitReport extends CommandBase {
  type: 'SubmitReport';
  reportId: string;
  task: TaskFacts;
  period: string;
  values: IndicatorValue[];
  narrative: string;
  attachments?: AttachmentRef[];
  chain: ApprovalChain;
}

export interface ResubmitReport extends CommandBase {
  type: 'ResubmitReport';
  task: TaskFacts;
  values: IndicatorValue[];
  narrative: string;
  attachments?: AttachmentRef[];
}

export interface OpenReport extends CommandBase {
  type: 'OpenReport';
}

export interface CountersignReport extends CommandBase {
  type: 'CountersignReport';
  comment?: string;
}

export interface ApproveReport extends CommandBase {
  type: 'ApproveReport';
  comment?: string;
}

export interface RejectReport extends CommandBase {
  type: 'RejectReport';
  reason: string;
}

export interface ReturnReport extends CommandBase {
  type: 'ReturnReport';
  toStage: string;
  reason: string;
}

export interface WithdrawReport extends CommandBase {
  type: 'WithdrawReport';
  reason?: string;
}

export interface UrgeReport extends CommandBase {
  type: 'UrgeReport';
  urgeId: string;
  message?: string;
}

export interface AcknowledgeUrge extends CommandBase {
  type: 'AcknowledgeUrge';
  urgeId: string;
}

/**
 * An account as the directory has it when a command names it: its role and unit now, and
 * whether it may still sign in. The API looks it up; the rules only read it.
 */
export interface AccountFacts {
  actorId: string;
  role: string;
  unitId?: string | null;
  /**
   * False for a disabled account. Absent only in Updates recorded before the directory's answer
   * was passed on, which were accepted then and must replay the same.
   */
  active?: boolean;
}

export interface TransferReport extends CommandBase {
  type: 'TransferReport';
  /** The account that takes over the stage (checked against the stage's role and its history). */
  to: AccountFacts;
}

export interface DelegateReport extends CommandBase {
  type: 'DelegateReport';
  to: AccountFacts;
}

/**
 * 收回: the stage's assignee (set by a transfer) can no longer act — disabled, or no longer in
 * the stage's role — so a holder of the stage's role or the office takes the stage back for the role.
 */
export interface ReclaimReport extends CommandBase {
  type: 'ReclaimReport';
  /** The stage's assignee as the directory has it now; absent when the stage has none. */
  assignee?: AccountFacts;
}

export type StageTimerKind = 'reminder' | 'overdue' | 'escalation';

/** A stage timer fired (issued by the workflow itself with the system actor). */
export interface RecordStageTimer extends CommandBase {
  type: 'RecordStageTimer';
  kind: StageTimerKind;
  stage: string;
  dueAt: string;
}

export type ReportCommand =
  | SubmitReport
  | ResubmitReport
  | OpenReport
  | CountersignReport
  | ApproveReport
  | RejectReport
  | ReturnReport
  | WithdrawReport
  | UrgeReport
  | AcknowledgeUrge
  | TransferReport
  | DelegateReport
  | ReclaimReport
  | RecordStageTimer;
