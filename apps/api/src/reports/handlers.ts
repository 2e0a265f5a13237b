import { randomUUID } from 'node:crypto';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { AccountRow } from '@ledger/accounts';
import {
  decide,
  initialReportState,
  reportStreamId,
  withAttachments,
  type ReportEvent,
  type ReportSummary,
  type TaskFacts,
} from '@ledger/domain';
import {
  foldReportView,
  IndicatorRow,
  PlanRow,
  ReportRow,
  revisionDiff,
  TaskProgressRow,
  TaskRow,
  type ReportViewRecord,
} from '@ledger/read-models';
import { reportWorkflow, reportWorkflowId, submitUpdate } from '@ledger/workflows';
import { evidenceFor } from '../attachments/evidence';
import { actorOf, type Principal } from '../auth/principal';
import { PublishedPlans } from '../catalog/published-plans';
import { runDocumentAction } from '../http/document-actions';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { REPORT_ACTIONS, type ReportLookup } from './actions';
import { ActOnReport, SubmitReportCommand } from './commands';
import { translateWorkflowError } from './errors';
import { GetReport, ListReports, type ReportListItem, type ReportView } from './queries';

@CommandHandler(SubmitReportCommand)
export class SubmitReportHandler implements ICommandHandler<SubmitReportCommand> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly plans: PublishedPlans,
  ) {}

  async execute({ principal, taskId, period, values, narrative, attachments }: SubmitReportCommand): Promise<ReportSummary> {
    // The task code finds the chain; the workflow gets only the facts its rules read.
    const { taskCode, ...task } = await loadTaskFacts(this.runtime, taskId, period);
    const chain = await this.plans.chainForTask(task.planId, taskCode, task.leadUnits);
    const reportId = randomUUID();
    const evidence = withAttachments(await evidenceFor(this.runtime, principal, attachments, reportStreamId(reportId)));
    const input = { actor: actorOf(principal), correlationId: reportId, task, period, values, narrative, ...evidence, chain };
    try {
      // The same rules the workflow applies, checked before a workflow is started for nothing.
      decide({ type: 'SubmitReport', reportId, now: new Date().toISOString(), ...input }, initialReportState);
      const { config, temporal } = this.runtime;
      return await temporal.workflow.executeUpdateWithStart(submitUpdate, {
        args: [input],
        startWorkflowOperation: new WithStartWorkflowOperation(reportWorkflow, {
          workflowId: reportWorkflowId(reportId),
          taskQueue: config.taskQueue,
          args: [{ reportId }],
          workflowIdConflictPolicy: 'FAIL',
        }),
      });
    } catch (error) {
      return translateWorkflowError(error);
    }
  }
}

/** Any action after submission: its row's workflow Update, with who does it. */
@CommandHandler(ActOnReport)
export class ActOnReportHandler implements ICommandHandler<ActOnReport> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, documentId: reportId, action, body }: ActOnReport): Promise<ReportSummary> {
    const report = await reportForCommand(this.runtime, principal, reportId);
    const by = { actor: actorOf(principal), correlationId: randomUUID() };
    const workflow = this.runtime.temporal.workflow.getHandle(reportWorkflowId(reportId));
    const lookup: ReportLookup = {
      taskFacts: async () => {
        const { taskCode: _taskCode, ...task } = await loadTaskFacts(this.runtime, report.taskId, report.period);
        return task;
      },
      account: (username) => accountRef(this.runtime, username),
      evidence: (ids) => evidenceFor(this.runtime, principal, ids, reportStreamId(reportId)),
    };
    return runDocumentAction(REPORT_ACTIONS[action], workflow, by, body, lookup).catch(translateWorkflowError);
  }
}

@QueryHandler(GetReport)
export class GetReportHandler implements IQueryHandler<GetReport> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, reportId }: GetReport): Promise<ReportView> {
    const report = await visibleReport(this.runtime, principal, reportId);
    const { id, taskId, period, unitId, status, stage, revision, values, narrative, history, revisions } = report;
    const attachments = revisions.at(-1)?.attachments ?? [];
    const view: ReportView = { id, taskId, period, unitId, status, stage, revision, values, narrative, attachments, history, revisions };
    const [previous, current] = revisions.slice(-2);
    if (revisions.length > 1 && previous && current) view.diff = revisionDiff(previous.values, current.values);
    return view;
  }
}

@QueryHandler(ListReports)
export class ListReportsHandler implements IQueryHandler<ListReports> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, filter }: ListReports): Promise<ReportListItem[]> {
    const query = this.runtime.dataSource.getRepository(ReportRow).createQueryBuilder('r').orderBy('r.updated_at', 'DESC').limit(500);
    if (principal.role === 'submitter') {
      // A unit sees the reports of the tasks it leads or co-leads.
      query.andWhere('r.task_id in (select id from rm_tasks where lead_units ? :unit)', { unit: principal.unitId });
      if (filter.mine) query.andWhere('r.unit_id = :unit', { unit: principal.unitId });
    } else if (filter.mine) {
      query.andWhere(`r.history @> :acted::jsonb`, { acted: JSON.stringify([{ actorId: principal.accountId }]) });
    }
    if (filter.taskId) query.andWhere('r.task_id = :taskId', { taskId: filter.taskId });
    if (filter.period) query.andWhere('r.period = :period', { period: filter.period });
    if (filter.status) query.andWhere('r.status = :status', { status: filter.status });
    const rows = await query.getMany();
    return rows.map(({ id, taskId, period, unitId, status, stage, revision, updatedAt }) => ({
      id,
      taskId,
      period,
      unitId,
      status,
      stage,
      revision,
      updatedAt: updatedAt.toISOString(),
    }));
  }
}

/** The report, if it exists and the principal may see it; a submitter sees only its unit's tasks' reports. */
type VisibleReport = Pick<
  ReportRow,
  'id' | 'taskId' | 'period' | 'unitId' | 'status' | 'stage' | 'revision' | 'values' | 'narrative' | 'history' | 'revisions'
>;

/**
 * The report, if it exists and the principal may see it; a submitter sees only its unit's tasks'
 * reports. A report the projector has not reached yet is folded from its own stream with the
 * same pure function, so a read right after a write finds it.
 */
async function visibleReport(runtime: LedgerRuntime, principal: Principal, reportId: string): Promise<VisibleReport> {
  const report: VisibleReport | undefined =
    (await runtime.dataSource.getRepository(ReportRow).findOneBy({ id: reportId })) ?? (await foldFromStream(runtime, reportId));
  const notFound = new Problem(404, 'Not Found / 未找到', `no report ${reportId} / 报告不存在`);
  if (!report) throw notFound;
  if (principal.role === 'submitter') {
    const task = await runtime.dataSource.getRepository(TaskRow).findOneBy({ id: report.taskId });
    // Same answer as a missing report: a unit learns nothing about other units' reports.
    if (!principal.unitId || !task?.leadUnits.includes(principal.unitId)) throw notFound;
  }
  return report;
}

async function foldFromStream(runtime: LedgerRuntime, reportId: string): Promise<VisibleReport | undefined> {
  let view: ReportViewRecord | undefined;
  for (const event of await runtime.store.readStream<ReportEvent>(reportStreamId(reportId))) {
    view = foldReportView(view, event);
  }
  return view;
}

/**
 * For commands: the report as its own stream states it, so an operation right after the
 * submission does not depend on the read model having caught up.
 */
async function reportForCommand(
  runtime: LedgerRuntime,
  principal: Principal,
  reportId: string,
): Promise<Pick<ReportRow, 'taskId' | 'period'>> {
  const [first] = await runtime.store.readStream<ReportEvent>(reportStreamId(reportId), { limit: 1 });
  const notFound = new Problem(404, 'Not Found / 未找到', `no report ${reportId} / 报告不存在`);
  if (!first || first.type !== 'ReportSubmitted') throw notFound;
  const { taskId, period } = first.data;
  if (principal.role === 'submitter') {
    const task = await runtime.dataSource.getRepository(TaskRow).findOneBy({ id: taskId });
    if (!principal.unitId || !task?.leadUnits.includes(principal.unitId)) throw notFound;
  }
  return { taskId, period };
}

async function loadTaskFacts(runtime: LedgerRuntime, taskId: string, period: string): Promise<TaskFacts & { taskCode: string }> {
  const { dataSource } = runtime;
  const task = await dataSource.getRepository(TaskRow).findOneBy({ id: taskId });
  if (!task)
    throw new Problem(400, 'Bad Request / 请求有误', `no task ${taskId} / 任务不存在`, [
      { field: 'taskId', message: 'unknown task / 任务不存在' },
    ]);
  const [plan, indicators, progress] = await Promise.all([
    dataSource.getRepository(PlanRow).findOneByOrFail({ id: task.planId }),
    dataSource.getRepository(IndicatorRow).find({ where: { taskId }, order: { sort: 'ASC' } }),
    dataSource.getRepository(TaskProgressRow).findBy({ taskId }),
  ]);
  const cumulative = new Set(indicators.filter((i) => i.kind === 'cumulative').map((i) => i.indicatorId));
  // Only earlier periods set a floor: a late report for an earlier month may be lower.
  const cumulativeFloor = Object.fromEntries(
    progress.filter((p) => cumulative.has(p.indicatorId) && p.period < period).map((p) => [p.indicatorId, p.value]),
  );
  return {
    planId: task.planId,
    taskId,
    taskCode: task.code,
    leadUnits: task.leadUnits,
    indicatorIds: indicators.map((i) => i.indicatorId),
    year: plan.year,
    cumulativeFloor,
  };
}

async function accountRef(runtime: LedgerRuntime, username: string): Promise<{ actorId: string; role: string }> {
  const account = await runtime.dataSource.getRepository(AccountRow).findOneBy({ username });
  if (!account)
    throw new Problem(400, 'Bad Request / 请求有误', `no account ${username} / 账号不存在`, [
      { field: 'toUsername', message: 'unknown account / 账号不存在' },
    ]);
  return { actorId: account.id, role: account.role };
}

export const REPORT_HANDLERS = [SubmitReportHandler, ActOnReportHandler, GetReportHandler, ListReportsHandler];
