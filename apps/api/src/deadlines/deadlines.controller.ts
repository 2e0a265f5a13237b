import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { ReportingDeadlinesQueryDto } from './dto';
import { ListReportingDeadlines } from './queries';

/** 报送截止: the deadline in force for each task the signed-in 牵头单位 leads, so the console never counts the calendar itself. */
@Controller('api/reporting-deadlines')
export class DeadlinesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('submitter')
  list(@CurrentPrincipal() principal: Principal, @Query() query: ReportingDeadlinesQueryDto) {
    return this.queries.execute(new ListReportingDeadlines(principal, query.period));
  }
}
