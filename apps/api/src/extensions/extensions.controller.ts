import { sendPage } from '../http/paging';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { DocumentActionRoutes } from '../http/document-actions';
import { CorrelationId } from '../http/idempotency';
import { Problem } from '../http/problem';
import { EXTENSION_ACTIONS } from './actions';
import { ListExtensionsQueryDto, RequestExtensionDto } from './dto';
import { ActOnExtension, GetExtension, ListExtensions, RequestExtensionCommand } from './extensions';

const extensionId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new Problem(400, 'Bad Request / 请求有误', 'the extension id must be a uuid / 延期申请编号格式错误', [
      { field: 'id', message: 'must be a uuid' },
    ]),
});

/** 延期申请: a lead unit asks; the office approves or refuses; auditors read. The actions are EXTENSION_ACTIONS. */
@Controller('api/extensions')
@DocumentActionRoutes(EXTENSION_ACTIONS, { idPipe: extensionId, command: ActOnExtension })
export class ExtensionsController {
  constructor(
    readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(...DOCUMENT_ACTION_ROLES.extension.request)
  request(@CurrentPrincipal() principal: Principal, @Body() body: RequestExtensionDto, @CorrelationId() correlationId: string) {
    return this.commands.execute(new RequestExtensionCommand(principal, body, correlationId));
  }

  @Get()
  @Roles('submitter', 'coordinator', 'office', 'auditor')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() filter: ListExtensionsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return sendPage(request, response, await this.queries.execute(new ListExtensions(principal, filter)));
  }

  @Get(':id')
  @Roles('submitter', 'coordinator', 'office', 'auditor')
  get(@CurrentPrincipal() principal: Principal, @Param('id', extensionId) id: string) {
    return this.queries.execute(new GetExtension(principal, id));
  }
}
