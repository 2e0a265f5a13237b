import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { loadScorecard, type Scorecard } from '@ledger/read-models';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { GetScorecard } from './queries';

@QueryHandler(GetScorecard)
export class GetScorecardHandler implements IQueryHandler<GetScorecard> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, unitId, asOf }: GetScorecard): Promise<Scorecard> {
    const notFound = () => new Problem(404, 'Not Found / 未找到', `no unit ${unitId} / 单位不存在`);
    // Same answer as an unknown unit: a unit learns nothing about the others.
    if (principal.role === 'submitter' && principal.unitId !== unitId) throw notFound();
    const scorecard = await loadScorecard(this.runtime.dataSource, unitId, asOf);
    if (!scorecard) throw notFound();
    return scorecard;
  }
}

export const SCORECARD_HANDLERS = [GetScorecardHandler];
