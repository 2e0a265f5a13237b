import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { reportDeadline } from '@ledger/domain';
import { loadDashboard, PlanRow, UnitRow } from '@ledger/read-models';
import { recordAccess } from '../audit/access';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { ExportMonthly } from './queries';
import { monthlyWorkbook } from './workbooks';

@QueryHandler(ExportMonthly)
export class ExportMonthlyHandler implements IQueryHandler<ExportMonthly> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, period, filter, asOf }: ExportMonthly): Promise<Buffer> {
    const { dataSource } = this.runtime;
    const year = Number(period.slice(0, 4));
    const plan = await dataSource.getRepository(PlanRow).findOne({ where: { year }, order: { id: 'ASC' } });
    if (!plan) {
      throw new Problem(400, 'Bad Request / 请求有误', `no plan for ${year} / 该年度无方案`, [
        { field: 'period', message: `no published plan for ${year}` },
      ]);
    }
    await recordAccess(this.runtime, principal, { what: 'monthly-export', period, format: 'xlsx' });
    // The month as its report stands: at the period's deadline, or now while that is still ahead.
    const deadline = reportDeadline(period, { period: 'monthly', deadlineDay: plan.deadlineDay });
    const now = new Date().toISOString();
    const moment = asOf ?? (deadline < now ? deadline : now);
    const board = await loadDashboard(dataSource, { planId: plan.id, asOf: moment, upToPeriod: period, filter });
    const units = await dataSource.getRepository(UnitRow).find();
    const workbook = monthlyWorkbook(board!, period, new Map(units.map((unit) => [unit.code, unit.name])));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}

export const EXPORT_HANDLERS = [ExportMonthlyHandler];
