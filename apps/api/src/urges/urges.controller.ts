import { sendPage } from '../http/paging';
import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { DocumentActionRoutes } from '../http/document-actions';
import { DocumentIdPipe } from '../http/document-id';
import { URGE_ACTIONS } from './actions';
import { ListUrgesQueryDto, UrgeTasksDto } from './dto';
import { ActOnUrge, ListUrges, UrgeTasksCommand } from './urges';

/** 催报: the office urges the tasks without a report for a period; each lead unit acknowledges. The actions are URGE_ACTIONS. */
@Controller('api/urges')
@DocumentActionRoutes(URGE_ACTIONS, { idPipe: new DocumentIdPipe('the urge id is not valid / 催报编号格式错误'), command: ActOnUrge })
export class UrgesController {
  constructor(
    readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(...DOCUMENT_ACTION_ROLES.urge.urge)
  urge(@CurrentPrincipal() principal: Principal, @Body() body: UrgeTasksDto) {
    return this.commands.execute(new UrgeTasksCommand(principal, body));
  }

  @Get()
  @Roles('submitter', 'coordinator', 'office', 'auditor')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() filter: ListUrgesQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return sendPage(request, response, await this.queries.execute(new ListUrges(principal, filter)));
  }
}
