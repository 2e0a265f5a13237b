import type { TaskForce } from '@ledger/plan-catalog';
import type { Actor } from '../actors';
import type { AttachmentRef } from '../attachments';
import type { NoticeFacts } from '../extension/commands';
import type { TaskForceLeader } from './events';

interface CommandBase {
  actor: Actor;
  /** Domain time (ISO 8601): workflow time inside workflows. */
  now: string;
}

export interface RecordInstruction extends CommandBase {
  type: 'RecordInstruction';
  instructionId: string;
  task: { planId: string; taskId: string; leadUnits: string[] };
  /** On a notice of the task: it goes to the units the notice went to. */
  noticeId?: string;
  notice?: NoticeFacts | null;
  /** The leader's role, and (when the plan has several in it) the unit of the position. */
  by: TaskForceLeader;
  byUnit?: string;
  /** The plan's task force, as published. */
  taskForce: Pick<TaskForce, 'convener' | 'deputyConveners'>;
  text: string;
}

export interface AcknowledgeInstruction extends CommandBase {
  type: 'AcknowledgeInstruction';
}

export interface ReportOnInstruction extends CommandBase {
  type: 'ReportOnInstruction';
  text: string;
  attachments?: AttachmentRef[];
}

export type InstructionCommand = RecordInstruction | AcknowledgeInstruction | ReportOnInstruction;
