import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { noticeRulesFor, taskId, type PlanPublished, type TargetFacts } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { allTasks, type Plan } from '@ledger/plan-catalog';
import { latestPublishedPlan } from '@ledger/plan-import';
import { planRevisedSignal, targetWorkflow, targetWorkflowId } from '@ledger/workflows';

/** The supervision facts of every task of a plan. */
export function targetFactsOf(plan: Plan): TargetFacts[] {
  return allTasks(plan).map((task) => ({
    planId: plan.id,
    taskId: taskId(plan.id, task.code),
    year: plan.year,
    leadUnits: task.leadUnits,
    indicators: task.indicators.map(({ id, kind, target, comparator }) => ({ id, kind, target, comparator })),
  }));
}

/**
 * Makes sure every task of a published plan version is supervised by it: starts the task's
 * `target-…` workflow where none runs, and tells a running one of the version (it takes a newer
 * version's facts and notice rules, and ignores one it has). Safe to call from every worker at
 * every start, and from every import: the workflow id is the task's.
 */
export async function superviseTasksOf(temporal: Client, published: PlanPublished, taskQueue: string): Promise<number> {
  const { plan, version: planVersion } = published;
  const noticeRules = noticeRulesFor(plan.noticeRules, plan.documentChains?.notice);
  const tasks = targetFactsOf(plan);
  for (const facts of tasks) {
    await temporal.workflow.signalWithStart(targetWorkflow, {
      workflowId: targetWorkflowId(facts.taskId),
      taskQueue,
      args: [{ facts, calendar: plan.calendar, noticeRules, planVersion }],
      signal: planRevisedSignal,
      signalArgs: [{ planVersion, facts, noticeRules }],
    });
  }
  return tasks.length;
}

/** Supervision for every published plan (as the read model lists them), each at its latest version. */
export async function superviseEveryPublishedPlan(temporal: Client, store: EventStore, pool: Pool, taskQueue: string): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(`select id from rm_plans order by id`);
  let supervised = 0;
  for (const { id } of rows) {
    const latest = await latestPublishedPlan(store, id);
    if (latest) supervised += await superviseTasksOf(temporal, latest.data, taskQueue);
  }
  return supervised;
}
