import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { DocumentActionRoutes } from '../http/document-actions';
import { CorrelationId } from '../http/idempotency';
import { sendPage } from '../http/paging';
import { Problem } from '../http/problem';
import { REPORT_ACTIONS } from './actions';
import { ActOnReport, SubmitReportCommand } from './commands';
import { ListReportsQueryDto, SubmitReportDto } from './dto';
import { GetReport, ListReports } from './queries';

const reportId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new Problem(400, 'Bad Request / 请求有误', 'the report id must be a uuid / 报告编号格式错误', [
      { field: 'id', message: 'must be a uuid' },
    ]),
});

/** Submission and reading here; every action after submission is a `POST :id/<action>` route of REPORT_ACTIONS. */
@Controller('api/reports')
@DocumentActionRoutes(REPORT_ACTIONS, { idPipe: reportId, command: ActOnReport })
export class ReportsController {
  constructor(
    readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('submitter')
  submit(@CurrentPrincipal() principal: Principal, @Body() body: SubmitReportDto, @CorrelationId() correlationId: string) {
    return this.commands.execute(
      new SubmitReportCommand(principal, body.taskId, body.period, body.values, body.narrative, correlationId, body.attachments),
    );
  }

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() filter: ListReportsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return sendPage(request, response, await this.queries.execute(new ListReports(principal, filter)));
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', reportId) id: string) {
    return this.queries.execute(new GetReport(principal, id));
  }
}
