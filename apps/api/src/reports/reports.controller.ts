import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import { ApproveReportCommand, RejectReportCommand, ResubmitReportCommand, SubmitReportCommand } from './commands';
import { ApproveReportDto, RejectReportDto, ResubmitReportDto, SubmitReportDto } from './dto';
import { GetReport } from './queries';

const reportId = new ParseUUIDPipe({ exceptionFactory: () => new Problem(400, 'Bad Request / 请求有误', 'the report id must be a uuid / 报告编号格式错误', [{ field: 'id', message: 'must be a uuid' }]) });

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

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', reportId) id: string) {
    return this.queries.execute(new GetReport(principal, id));
  }

  @Post(':id/resubmit')
  @HttpCode(200)
  @Roles('submitter')
  resubmit(@CurrentPrincipal() principal: Principal, @Param('id', reportId) id: string, @Body() body: ResubmitReportDto) {
    return this.commands.execute(new ResubmitReportCommand(principal, id, body.values, body.narrative));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('coordinator', 'office')
  approve(@CurrentPrincipal() principal: Principal, @Param('id', reportId) id: string, @Body() body: ApproveReportDto) {
    return this.commands.execute(new ApproveReportCommand(principal, id, body.comment));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('coordinator', 'office')
  reject(@CurrentPrincipal() principal: Principal, @Param('id', reportId) id: string, @Body() body: RejectReportDto) {
    return this.commands.execute(new RejectReportCommand(principal, id, body.reason));
  }
}
