import { Body, Controller, Get, Post, Query } from '@nestjs/common';
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
  list(@CurrentPrincipal() principal: Principal, @Query() filter: ListUrgesQueryDto) {
    return this.queries.execute(new ListUrges(principal, filter));
  }
}
