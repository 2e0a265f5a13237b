import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseMoment } from '../audit/access';
import { GetScorecard } from './queries';

@Controller('api/units')
export class ScorecardController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/scorecard')
  scorecard(@CurrentPrincipal() principal: Principal, @Param('id') unitId: string, @Query('asOf') asOf?: unknown) {
    return this.queries.execute(new GetScorecard(principal, unitId, parseMoment(asOf, 'asOf') ?? new Date().toISOString()));
  }
}
