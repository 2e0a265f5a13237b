import { sendPage } from '../http/paging';
import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { DocumentActionRoutes } from '../http/document-actions';
import { DocumentIdPipe } from '../http/document-id';
import { CorrelationId } from '../http/idempotency';
import { NOTICE_ACTIONS } from './actions';
import { IssueNoticeDto, ListNoticesQueryDto } from './dto';
import { ActOnNotice, GetNotice, IssueNoticeCommand, ListNotices } from './notices';

// A notice the office issues by hand is named by a uuid; one the supervision workflow issues by
// its task, cause and round (hengyang-2025-P08.report_missing.1): both must open and be acted on.
const noticeId = new DocumentIdPipe('the notice id is not valid / 督办单编号格式错误');

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
