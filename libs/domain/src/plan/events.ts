import type { Plan, TaskForce, Unit } from '@ledger/plan-catalog';

/**
 * A plan version as published: the whole catalogue in one event, so a replay knows exactly
 * which tasks, indicators and units were in force. Importing the same content again publishes
 * nothing; changed content is the next version of the plan's stream.
 */
export interface PlanPublished {
  planId: string;
  version: number;
  contentHash: string;
  plan: Plan;
  units: Unit[];
  taskForce: TaskForce;
}

export type PlanEvent = { type: 'PlanPublished'; data: PlanPublished };

export function planStreamId(planId: string): string {
  return `plan-${planId}`;
}

/** Tasks are known across plans by plan id and task code. */
export function taskId(planId: string, taskCode: string): string {
  return `${planId}-${taskCode}`;
}
