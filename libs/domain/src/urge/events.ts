interface UrgeEventBase {
  urgeId: string;
  /** Domain time of the record (ISO 8601), from the command. */
  at: string;
}

/** 催报: the office asks the lead units of a task for the report of a period they have not filed. */
export interface TaskUrged extends UrgeEventBase {
  planId: string;
  taskId: string;
  period: string;
  /** The lead units asked: every lead unit of the task. */
  unitIds: string[];
  message?: string;
}

/** A lead unit has seen the urge (已阅). */
export interface TaskUrgeAcknowledged extends UrgeEventBase {
  unitId: string;
}

export type UrgeEvent = { type: 'TaskUrged'; data: TaskUrged } | { type: 'TaskUrgeAcknowledged'; data: TaskUrgeAcknowledged };

export type UrgeEventType = UrgeEvent['type'];

export const URGE_EVENT_TYPES: readonly UrgeEventType[] = ['TaskUrged', 'TaskUrgeAcknowledged'];

/** One urge per task and period: its id names both, so a repeat finds the first. */
export function urgeId(taskId: string, period: string): string {
  return `${taskId}-${period}`;
}

/** An urge's stream; its workflow id is the same string (`urge-<taskId>-<period>`). */
export function urgeStreamId(id: string): string {
  return `urge-${id}`;
}
