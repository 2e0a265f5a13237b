import type { Actor } from '../actors';
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
}

export interface SubmitReport extends CommandBase {
  type: 'SubmitReport';
  reportId: string;
  task: TaskFacts;
  period: string;
  values: IndicatorValue[];
  narrative: string;
  chain: ApprovalChain;
}

export interface ResubmitReport extends CommandBase {
  type: 'ResubmitReport';
  values: IndicatorValue[];
  narrative: string;
  indicatorIds: string[];
}

export interface ApproveReport extends CommandBase {
  type: 'ApproveReport';
  comment?: string;
}

export interface RejectReport extends CommandBase {
  type: 'RejectReport';
  reason: string;
}

export type ReportCommand = SubmitReport | ResubmitReport | ApproveReport | RejectReport;
