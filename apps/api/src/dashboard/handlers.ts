import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { loadDashboard, type Dashboard } from '@ledger/read-models';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { GetDashboard } from './queries';

@QueryHandler(GetDashboard)
export class GetDashboardHandler implements IQueryHandler<GetDashboard> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, asOf, filter }: GetDashboard): Promise<Dashboard> {
    const unitId = principal.role === 'submitter' ? (principal.unitId ?? '') : undefined;
    const dashboard = await loadDashboard(this.runtime.dataSource, { asOf, unitId, filter });
    if (!dashboard) throw new Problem(404, 'Not Found / 未找到', 'no plan is published yet / 尚未发布年度方案');
    return dashboard;
  }
}

export const DASHBOARD_HANDLERS = [GetDashboardHandler];
