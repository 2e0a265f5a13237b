import { sendPage } from '../http/paging';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { DocumentActionRoutes } from '../http/document-actions';
import { CorrelationId } from '../http/idempotency';
import { Problem } from '../http/problem';
import { NOTICE_ACTIONS } from './actions';
import { IssueNoticeDto, ListNoticesQueryDto } from './dto';
import { ActOnNotice, GetNotice, IssueNoticeCommand, ListNotices } from './notices';

const noticeId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new Problem(400, 'Bad Request / 请求有误', 'the notice id must be a uuid / 督办单编号格式错误', [
      { field: 'id', message: 'must be a uuid' },
    ]),
});

/** 督办单: the office issues, checks and closes; the unit signs for it and answers; auditors read. The actions are NOTICE_ACTIONS. */
@Controller('api/notices')
@DocumentActionRoutes(NOTICE_ACTIONS, { idPipe: noticeId, command: ActOnNotice })
export class NoticesController {
  constructor(
    readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(...DOCUMENT_ACTION_ROLES.notice.issue)
  issue(@CurrentPrincipal() principal: Principal, @Body() body: IssueNoticeDto, @CorrelationId() correlationId: string) {
    return this.commands.execute(new IssueNoticeCommand(principal, body, correlationId));
  }

  @Get()
  @Roles('submitter', 'coordinator', 'office', 'auditor')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() filter: ListNoticesQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return sendPage(request, response, await this.queries.execute(new ListNotices(principal, filter)));
  }

  @Get(':id')
  @Roles('submitter', 'coordinator', 'office', 'auditor')
  get(@CurrentPrincipal() principal: Principal, @Param('id', noticeId) id: string) {
    return this.queries.execute(new GetNotice(principal, id));
  }
}
