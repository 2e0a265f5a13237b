import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { periodDeadlineInForce } from '@ledger/domain';
import { ExtensionRow, PlanRow, ReportRow, TaskRow } from '@ledger/read-models';
import { In, Not } from 'typeorm';
import { LedgerRuntime } from '../runtime';
import { ListReportingDeadlines, type ReportingDeadlineView } from './queries';

@QueryHandler(ListReportingDeadlines)
export class ListReportingDeadlinesHandler implements IQueryHandler<ListReportingDeadlines> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, period }: ListReportingDeadlines): Promise<ReportingDeadlineView[]> {
    const unitId = principal.unitId;
    if (!unitId) return [];
    const { dataSource } = this.runtime;
    const tasks = await dataSource
      .getRepository(TaskRow)
      .createQueryBuilder('task')
      .where('task.lead_units ? :unit', { unit: unitId })
      .orderBy('task.sort', 'ASC')
      .getMany();
    if (tasks.length === 0) return [];
    const [plans, extensions, reports] = await Promise.all([
      dataSource.getRepository(PlanRow).findBy({ id: In([...new Set(tasks.map((task) => task.planId))]) }),
      // The unit's own approved extensions of the period: another unit's never move its deadline.
      dataSource.getRepository(ExtensionRow).findBy({ unitId, period, status: 'approved' }),
      dataSource.getRepository(ReportRow).findBy({ unitId, period, status: Not('withdrawn') }),
    ]);
    const planOf = new Map(plans.map((plan) => [plan.id, plan]));
    const year = Number(period.slice(0, 4));
    return tasks.flatMap((task) => {
      const plan = planOf.get(task.planId);
      // A period outside the task's plan year has no deadline: nothing is reported for it.
      if (!plan || plan.year !== year) return [];
      const deadline = periodDeadlineInForce(
        { taskId: task.id, unitId, period },
        { period: 'monthly', deadlineDay: plan.deadlineDay },
        extensions.map((row) => row.state),
      );
      const submittedAt = firstSubmission(reports.filter((report) => report.taskId === task.id));
      return [{ taskId: task.id, unitId, period, ...deadline, ...(submittedAt ? { submittedAt } : {}) }];
    });
  }
}

/** The earliest first revision of the reports: when the unit first submitted for the period. */
function firstSubmission(reports: readonly ReportRow[]): string | undefined {
  const firsts = reports.flatMap((report) => (report.revisions[0] ? [report.revisions[0].at] : []));
  return firsts.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

export const DEADLINE_HANDLERS = [ListReportingDeadlinesHandler];
