import type { Actor } from '../actors';

interface CommandBase {
  actor: Actor;
  /** Domain time (ISO 8601): workflow time inside workflows. */
  now: string;
}

export interface UrgeTask extends CommandBase {
  type: 'UrgeTask';
  urgeId: string;
  task: { planId: string; taskId: string; leadUnits: string[] };
  period: string;
  message?: string;
  /** Whether the read side knows of a report of the task for the period (one not withdrawn). */
  reported: boolean;
}

export interface AcknowledgeTaskUrge extends CommandBase {
  type: 'AcknowledgeTaskUrge';
}

export type UrgeCommand = UrgeTask | AcknowledgeTaskUrge;
