import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseMoment } from '../audit/access';
import { DashboardQueryDto } from './dto';
import { GetDashboard } from './queries';

@Controller('api/dashboard')
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  dashboard(@CurrentPrincipal() principal: Principal, @Query() query: DashboardQueryDto) {
    const { asOf, ...filter } = query;
    return this.queries.execute(new GetDashboard(principal, parseMoment(asOf, 'asOf') ?? new Date().toISOString(), filter));
  }
}
