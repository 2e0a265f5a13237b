import type { AttachmentRef } from '../attachments';
/** The task force's leaders whose instructions (批示) the office records, as the plan names them. */
export type TaskForceLeader = 'convener' | 'deputy_convener';

export const TASK_FORCE_LEADER_LABELS: Record<TaskForceLeader, string> = { convener: '召集人', deputy_convener: '副召集人' };

/** Who gave the instruction: a role of the plan's task force, by position (never a person's name). */
export interface InstructionBy {
  role: TaskForceLeader;
  /** The unit code the position belongs to (e.g. `gov`), and the position (e.g. 分管副市长), from the plan. */
  unit: string;
  position: string;
}

interface InstructionEventBase {
  instructionId: string;
  /** Domain time of the record (ISO 8601), from the command. */
  at: string;
}

/** 领导批示, recorded by the office on a task or a notice. */
export interface InstructionRecorded extends InstructionEventBase {
  planId: string;
  taskId: string;
  noticeId?: string;
  /** The lead units that must read it and report how it was carried out. */
  unitIds: string[];
  by: InstructionBy;
  text: string;
}

/** 阅示: a lead unit has read it. */
export interface InstructionAcknowledged extends InstructionEventBase {
  unitId: string;
}

/** 落实情况: how a lead unit carried it out. */
export interface InstructionCarriedOut extends InstructionEventBase {
  unitId: string;
  text: string;
  /** 佐证材料 of how it was carried out (absent when none). */
  attachments?: AttachmentRef[];
}

export type InstructionEvent =
  | { type: 'InstructionRecorded'; data: InstructionRecorded }
  | { type: 'InstructionAcknowledged'; data: InstructionAcknowledged }
  | { type: 'InstructionCarriedOut'; data: InstructionCarriedOut };

export type InstructionEventType = InstructionEvent['type'];

export const INSTRUCTION_EVENT_TYPES: readonly InstructionEventType[] = [
  'InstructionRecorded',
  'InstructionAcknowledged',
  'InstructionCarriedOut',
];

/** An instruction's stream; its workflow id is the same string. */
export function instructionStreamId(instructionId: string): string {
  return `instruction-${instructionId}`;
}
