import { pageOf, type Page, type PageKey } from '../http/paging';
import { randomUUID } from 'node:crypto';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { In, Not } from 'typeorm';
import {
  decideUrge,
  initialUrgeState,
  periodProblems,
  summarizeUrge,
  urgeId as urgeIdOf,
  urgeStreamId,
  type UrgeEvent,
  type UrgeSummary,
} from '@ledger/domain';
import { PlanRow, ReportRow, TaskRow, UrgeRow } from '@ledger/read-models';
import { urgeTaskUpdate, urgeWorkflow, urgeWorkflowId } from '@ledger/workflows';
import { actorOf, type Principal } from '../auth/principal';
import { runDocumentAction } from '../http/document-actions';
import { Problem } from '../http/problem';
import { translateWorkflowError } from '../reports/errors';
import { LedgerRuntime } from '../runtime';
import { PublishedPlans } from '../catalog/published-plans';
import { URGE_ACTIONS } from './actions';
import { ActOnUrge, ListUrges, UrgeTasksCommand, type UrgeOutcome, type UrgeView } from './urges';

const ENDED = 'the urge has been acknowledged / 催报已确认';
const notFound = (id: string) => new Problem(404, 'Not Found / 未找到', `no urge ${id} / 催报不存在`);
const badRequest = (detail: string, field: string, message: string) =>
  new Problem(400, 'Bad Request / 请求有误', detail, [{ field, message }]);

/**
 * 催报 for each task of the list that has no report for the period: one urge per task and
 * period. The workflow id names both, so a repeat (or a race of two coordinators) reaches the
 * first urge's workflow, whose rules refuse a second urge: it is skipped, and nothing is written.
 */
@CommandHandler(UrgeTasksCommand)
export class UrgeTasksHandler implements ICommandHandler<UrgeTasksCommand> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly plans: PublishedPlans,
  ) {}

  async execute({ principal, input }: UrgeTasksCommand): Promise<UrgeOutcome> {
    const { period, message } = input;
    const taskIds = [...new Set(input.taskIds)];
    const { dataSource } = this.runtime;
    const tasks = new Map((await dataSource.getRepository(TaskRow).findBy({ id: In(taskIds) })).map((task) => [task.id, task]));
    const unknown = input.taskIds.findIndex((id) => !tasks.has(id));
    if (unknown >= 0)
      throw badRequest(`no task ${input.taskIds[unknown]} / 任务不存在`, `taskIds[${unknown}]`, 'unknown task / 任务不存在');
    const plans = new Map((await dataSource.getRepository(PlanRow).find()).map((plan) => [plan.id, plan]));
    for (const task of tasks.values()) {
      const [problem] = periodProblems(period, plans.get(task.planId)?.year ?? Number(period.slice(0, 4)));
      if (problem) throw new Problem(400, 'Bad Request / 请求有误', problem.message, [problem]);
    }
    const reported = new Set(
      (
        await dataSource.getRepository(ReportRow).find({
          select: { taskId: true },
          where: { taskId: In(taskIds), period, status: Not('withdrawn') },
        })
      ).map((report) => report.taskId),
    );
    const actor = actorOf(principal);
    const outcome: UrgeOutcome = { period, urged: [], skipped: [] };
    // One task after another: the answer lists them in the order asked, and the server is not flooded.
    for (const taskId of taskIds) {
      const task = tasks.get(taskId)!;
      const id = urgeIdOf(taskId, period);
      if (reported.has(taskId)) {
        outcome.skipped.push({ taskId, urgeId: id, reason: 'already_reported' });
        continue;
      }
      // The event store is the record: an urge whose workflow has ended is still an urge.
      if ((await this.runtime.store.readStream<UrgeEvent>(urgeStreamId(id), { limit: 1 })).length > 0) {
        outcome.skipped.push({ taskId, urgeId: id, reason: 'already_urged' });
        continue;
      }
      const chain = await this.plans.documentChain(task.planId, 'urge');
      const urge = {
        actor,
        correlationId: randomUUID(),
        task: { planId: task.planId, taskId, leadUnits: task.leadUnits },
        period,
        message,
        reported: false,
      };
      try {
        // The rules the workflow applies, checked before a workflow is started for nothing.
        decideUrge({ type: 'UrgeTask', urgeId: id, now: new Date().toISOString(), ...urge }, initialUrgeState, chain);
        const summary = await this.runtime.temporal.workflow.executeUpdateWithStart(urgeTaskUpdate, {
          args: [urge],
          startWorkflowOperation: new WithStartWorkflowOperation(urgeWorkflow, {
            workflowId: urgeWorkflowId(id),
            taskQueue: this.runtime.config.taskQueue,
            args: [{ urgeId: id, chain }],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        });
        outcome.urged.push({ taskId, urgeId: id, unitIds: summary!.unitIds });
      } catch (error) {
        if (isAlreadyUrged(error)) outcome.skipped.push({ taskId, urgeId: id, reason: 'already_urged' });
        else translateWorkflowError(error, ENDED);
      }
    }
    return outcome;
  }
}

/** The urge's workflow refused a second urge of its task and period (the other request won a race). */
const isAlreadyUrged = (error: unknown) =>
  error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === 'invalid_state';

/** 已阅 by a lead unit that was urged. */
@CommandHandler(ActOnUrge)
export class ActOnUrgeHandler implements ICommandHandler<ActOnUrge> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, documentId: id, action, body, correlationId }: ActOnUrge): Promise<UrgeSummary> {
    const [first] = await this.runtime.store.readStream<UrgeEvent>(urgeStreamId(id), { limit: 1 });
    if (!first || first.type !== 'TaskUrged' || !visibleTo(principal, first.data.unitIds)) throw notFound(id);
    const by = { actor: actorOf(principal), correlationId };
    const workflow = this.runtime.temporal.workflow.getHandle(urgeWorkflowId(id));
    const answer = await runDocumentAction(URGE_ACTIONS[action], workflow, by, body, {}).catch((error: unknown) =>
      translateWorkflowError(error, ENDED),
    );
    return answer!;
  }
}

@QueryHandler(ListUrges)
export class ListUrgesHandler implements IQueryHandler<ListUrges> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, filter }: ListUrges): Promise<Page<UrgeView>> {
    const query = this.runtime.dataSource.getRepository(UrgeRow).createQueryBuilder('u');
    // A unit sees the urges addressed to it, nothing of other units'.
    if (principal.role === 'submitter') query.andWhere('u.unit_ids ? :own', { own: principal.unitId ?? '' });
    if (filter.period) query.andWhere('u.period = :period', { period: filter.period });
    if (filter.unitId) query.andWhere('u.unit_ids ? :unit', { unit: filter.unitId });
    if (filter.status) query.andWhere('u.status = :status', { status: filter.status });
    if (filter.taskId) query.andWhere('u.task_id = :taskId', { taskId: filter.taskId });
    const page = await pageOf(query, URGE_ORDER, filter);
    return { ...page, items: page.items.map((row) => ({ ...summarizeUrge(row.state)!, history: row.history })) };
  }
}

const visibleTo = (principal: Principal, unitIds: string[]) =>
  principal.role !== 'submitter' || (principal.unitId !== null && unitIds.includes(principal.unitId));

export const URGE_HANDLERS = [UrgeTasksHandler, ActOnUrgeHandler, ListUrgesHandler];

/** The latest urge first. */
const URGE_ORDER: ReadonlyArray<PageKey<UrgeRow>> = [
  { sql: 'u.urged_at', direction: 'DESC', of: (row) => row.urgedAt.toISOString() },
  { sql: 'u.id', direction: 'ASC', of: (row) => row.id },
];
