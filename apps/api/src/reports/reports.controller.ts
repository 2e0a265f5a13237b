import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import { ActOnReport, SubmitReportCommand, type ReportAction } from './commands';
import {
  AcknowledgeUrgeDto,
  CommentDto,
  HandOverDto,
  ListReportsQueryDto,
  ReasonDto,
  ResubmitReportDto,
  ReturnReportDto,
  SubmitReportDto,
  UrgeReportDto,
  WithdrawReportDto,
} from './dto';
import { GetReport, ListReports } from './queries';

const reportId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new Problem(400, 'Bad Request / 请求有误', 'the report id must be a uuid / 报告编号格式错误', [
      { field: 'id', message: 'must be a uuid' },
    ]),
});

@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('submitter')
  submit(@CurrentPrincipal() principal: Principal, @Body() body: SubmitReportDto) {
    return this.commands.execute(new SubmitReportCommand(principal, body.taskId, body.period, body.values, body.narrative));
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() filter: ListReportsQueryDto) {
    return this.queries.execute(new ListReports(principal, filter));
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', reportId) id: string) {
    return this.queries.execute(new GetReport(principal, id));
  }

  @Post(':id/resubmit')
  @HttpCode(200)
  @Roles('submitter')
  resubmit(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string, @Body() body: ResubmitReportDto) {
    return this.act(p, id, { kind: 'resubmit', values: body.values, narrative: body.narrative });
  }

  /** A reviewer opens the report (recorded; after this the unit can no longer withdraw it). */
  @Post(':id/open')
  @HttpCode(200)
  @Roles('submitter', 'coordinator', 'office')
  open(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string) {
    return this.act(p, id, { kind: 'open' });
  }

  @Post(':id/countersign')
  @HttpCode(200)
  @Roles('submitter')
  countersign(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string, @Body() body: CommentDto) {
    return this.act(p, id, { kind: 'countersign', comment: body.comment });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('coordinator', 'office')
  approve(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string, @Body() body: CommentDto) {
    return this.act(p, id, { kind: 'approve', comment: body.comment });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('submitter', 'coordinator', 'office')
  reject(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string, @Body() body: ReasonDto) {
    return this.act(p, id, { kind: 'reject', reason: body.reason });
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('coordinator', 'office')
  returnTo(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string, @Body() body: ReturnReportDto) {
    return this.act(p, id, { kind: 'return', toStage: body.toStage, reason: body.reason });
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('submitter')
  withdraw(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string, @Body() body: WithdrawReportDto) {
    return this.act(p, id, { kind: 'withdraw', reason: body.reason });
  }

  @Post(':id/urge')
  @HttpCode(200)
  @Roles('coordinator', 'office')
  urge(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string, @Body() body: UrgeReportDto) {
    return this.act(p, id, { kind: 'urge', message: body.message });
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('submitter', 'coordinator', 'office')
  acknowledge(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string, @Body() body: AcknowledgeUrgeDto) {
    return this.act(p, id, { kind: 'acknowledge', urgeId: body.urgeId });
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @Roles('coordinator', 'office')
  transfer(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string, @Body() body: HandOverDto) {
    return this.act(p, id, { kind: 'transfer', toUsername: body.toUsername });
  }

  @Post(':id/delegate')
  @HttpCode(200)
  @Roles('coordinator', 'office')
  delegate(@CurrentPrincipal() p: Principal, @Param('id', reportId) id: string, @Body() body: HandOverDto) {
    return this.act(p, id, { kind: 'delegate', toUsername: body.toUsername });
  }

  private act(principal: Principal, id: string, action: ReportAction) {
    return this.commands.execute(new ActOnReport(principal, id, action));
  }
}
