import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import { IssueNoticeDto, ListNoticesQueryDto, NoticeCommentDto, NoticeReasonDto, RespondNoticeDto } from './dto';
import { ActOnNotice, GetNotice, IssueNoticeCommand, ListNotices, type NoticeAction } from './notices';

const noticeId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new Problem(400, 'Bad Request / 请求有误', 'the notice id must be a uuid / 督办单编号格式错误', [
      { field: 'id', message: 'must be a uuid' },
    ]),
});

/** 督办单: the office issues, checks and closes; the unit signs for it and answers; auditors read. */
@Controller('api/notices')
export class NoticesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('coordinator', 'office')
  issue(@CurrentPrincipal() principal: Principal, @Body() body: IssueNoticeDto) {
    return this.commands.execute(new IssueNoticeCommand(principal, body));
  }

  @Get()
  @Roles('submitter', 'coordinator', 'office', 'auditor')
  list(@CurrentPrincipal() principal: Principal, @Query() filter: ListNoticesQueryDto) {
    return this.queries.execute(new ListNotices(principal, filter));
  }

  @Get(':id')
  @Roles('submitter', 'coordinator', 'office', 'auditor')
  get(@CurrentPrincipal() principal: Principal, @Param('id', noticeId) id: string) {
    return this.queries.execute(new GetNotice(principal, id));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('submitter')
  acknowledge(@CurrentPrincipal() p: Principal, @Param('id', noticeId) id: string) {
    return this.act(p, id, { kind: 'acknowledge' });
  }

  @Post(':id/respond')
  @HttpCode(200)
  @Roles('submitter')
  respond(@CurrentPrincipal() p: Principal, @Param('id', noticeId) id: string, @Body() body: RespondNoticeDto) {
    return this.act(p, id, { kind: 'respond', measures: body.measures, expectedBy: body.expectedBy, evidence: body.evidence ?? [] });
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('coordinator', 'office')
  returnToUnit(@CurrentPrincipal() p: Principal, @Param('id', noticeId) id: string, @Body() body: NoticeReasonDto) {
    return this.act(p, id, { kind: 'return', reason: body.reason });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('coordinator', 'office')
  close(@CurrentPrincipal() p: Principal, @Param('id', noticeId) id: string, @Body() body: NoticeCommentDto) {
    return this.act(p, id, { kind: 'close', comment: body.comment });
  }

  private act(principal: Principal, id: string, action: NoticeAction) {
    return this.commands.execute(new ActOnNotice(principal, id, action));
  }
}
