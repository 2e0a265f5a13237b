import { randomUUID } from 'node:crypto';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { decide, DEFAULT_CHAIN, initialReportState, type ReportSummary, type TaskFacts } from '@ledger/domain';
import { IndicatorRow, PlanRow, ReportRow, TaskRow } from '@ledger/read-models';
import { approveUpdate, rejectUpdate, reportWorkflow, resubmitUpdate, submitUpdate } from '@ledger/workflows';
import { actorOf, type Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { ApproveReportCommand, RejectReportCommand, ResubmitReportCommand, SubmitReportCommand } from './commands';
import { translateWorkflowError } from './errors';
import { GetReport, type ReportView } from './queries';

const workflowIdOf = (reportId: string) => `report-${reportId}`;

@CommandHandler(SubmitReportCommand)
export class SubmitReportHandler implements ICommandHandler<SubmitReportCommand> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, taskId, period, values, narrative }: SubmitReportCommand): Promise<ReportSummary> {
    const task = await loadTaskFacts(this.runtime, taskId);
    const reportId = randomUUID();
    const input = { actor: actorOf(principal), correlationId: reportId, task, period, values, narrative, chain: DEFAULT_CHAIN };
    try {
      // The same rules the workflow applies, checked before a workflow is started for nothing.
      decide({ type: 'SubmitReport', reportId, now: new Date().toISOString(), ...input }, initialReportState);
      const { config, temporal } = this.runtime;
      return await temporal.workflow.executeUpdateWithStart(submitUpdate, {
        args: [input],
        startWorkflowOperation: new WithStartWorkflowOperation(reportWorkflow, {
          workflowId: workflowIdOf(reportId),
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

@CommandHandler(ResubmitReportCommand)
export class ResubmitReportHandler implements ICommandHandler<ResubmitReportCommand> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, reportId, values, narrative }: ResubmitReportCommand): Promise<ReportSummary> {
    const report = await visibleReport(this.runtime, principal, reportId);
    const task = await loadTaskFacts(this.runtime, report.taskId);
    const handle = this.runtime.temporal.workflow.getHandle(workflowIdOf(reportId));
    return handle
      .executeUpdate(resubmitUpdate, { args: [{ actor: actorOf(principal), correlationId: randomUUID(), indicatorIds: task.indicatorIds, values, narrative }] })
      .catch(translateWorkflowError);
  }
}

@CommandHandler(ApproveReportCommand)
export class ApproveReportHandler implements ICommandHandler<ApproveReportCommand> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, reportId, comment }: ApproveReportCommand): Promise<ReportSummary> {
    await visibleReport(this.runtime, principal, reportId);
    const handle = this.runtime.temporal.workflow.getHandle(workflowIdOf(reportId));
    return handle.executeUpdate(approveUpdate, { args: [{ actor: actorOf(principal), correlationId: randomUUID(), comment }] }).catch(translateWorkflowError);
  }
}

@CommandHandler(RejectReportCommand)
export class RejectReportHandler implements ICommandHandler<RejectReportCommand> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, reportId, reason }: RejectReportCommand): Promise<ReportSummary> {
    await visibleReport(this.runtime, principal, reportId);
    const handle = this.runtime.temporal.workflow.getHandle(workflowIdOf(reportId));
    return handle.executeUpdate(rejectUpdate, { args: [{ actor: actorOf(principal), correlationId: randomUUID(), reason }] }).catch(translateWorkflowError);
  }
}

@QueryHandler(GetReport)
export class GetReportHandler implements IQueryHandler<GetReport> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, reportId }: GetReport): Promise<ReportView> {
    const report = await visibleReport(this.runtime, principal, reportId);
    const { id, taskId, period, unitId, status, stage, revision, values, narrative, history } = report;
    return { id, taskId, period, unitId, status, stage, revision, values, narrative, history };
  }
}

/** The report, if it exists and the principal may see it; a submitter sees only its unit's tasks' reports. */
async function visibleReport(runtime: LedgerRuntime, principal: Principal, reportId: string): Promise<ReportRow> {
  const report = await runtime.dataSource.getRepository(ReportRow).findOneBy({ id: reportId });
  if (!report) throw new Problem(404, 'Not Found / 未找到', `no report ${reportId} / 报告不存在`);
  if (principal.role === 'submitter') {
    const task = await runtime.dataSource.getRepository(TaskRow).findOneBy({ id: report.taskId });
    if (!principal.unitId || !task?.leadUnits.includes(principal.unitId)) {
      // Same answer as a missing report: a unit learns nothing about other units' reports.
      throw new Problem(404, 'Not Found / 未找到', `no report ${reportId} / 报告不存在`);
    }
  }
  return report;
}

async function loadTaskFacts(runtime: LedgerRuntime, taskId: string): Promise<TaskFacts> {
  const { dataSource } = runtime;
  const task = await dataSource.getRepository(TaskRow).findOneBy({ id: taskId });
  if (!task) throw new Problem(400, 'Bad Request / 请求有误', `no task ${taskId} / 任务不存在`, [{ field: 'taskId', message: 'unknown task / 任务不存在' }]);
  const [plan, indicators] = await Promise.all([
    dataSource.getRepository(PlanRow).findOneByOrFail({ id: task.planId }),
    dataSource.getRepository(IndicatorRow).find({ where: { taskId }, order: { sort: 'ASC' } }),
  ]);
  return { planId: task.planId, taskId, leadUnits: task.leadUnits, indicatorIds: indicators.map((i) => i.indicatorId), year: plan.year };
}

export const REPORT_HANDLERS = [SubmitReportHandler, ResubmitReportHandler, ApproveReportHandler, RejectReportHandler, GetReportHandler];
