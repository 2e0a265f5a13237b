import type { Client } from '@temporalio/client';
import { noticeRulesFor, taskId, type TargetFacts } from '@ledger/domain';
import { allTasks, type Catalog } from '@ledger/plan-catalog';
import { targetWorkflow, targetWorkflowId } from '@ledger/workflows';

/** The supervision facts of every task of a plan. */
export function targetFactsOf(catalog: Catalog): TargetFacts[] {
  const { plan } = catalog;
  return allTasks(plan).map((task) => ({
    planId: plan.id,
    taskId: taskId(plan.id, task.code),
    year: plan.year,
    leadUnits: task.leadUnits,
    indicators: task.indicators.map(({ id, kind, target, comparator }) => ({ id, kind, target, comparator })),
  }));
}

/**
 * Starts the supervision workflow of every task that has none running; a running one is left
 * as it is (starting twice is a no-op), so every start of the system may call this.
 */
export async function startSupervision(temporal: Client, catalog: Catalog, taskQueue: string): Promise<number> {
  const tasks = targetFactsOf(catalog);
  for (const facts of tasks) {
    await temporal.workflow.start(targetWorkflow, {
      workflowId: targetWorkflowId(facts.taskId),
      taskQueue,
      args: [
        {
          facts,
          calendar: catalog.plan.calendar,
          noticeRules: noticeRulesFor(catalog.plan.noticeRules, catalog.plan.documentChains?.notice),
        },
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }
  return tasks.length;
}
