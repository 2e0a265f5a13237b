import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { GetInbox } from './queries';

@Controller('api/inbox')
export class InboxController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('submitter', 'coordinator', 'office')
  inbox(@CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new GetInbox(principal));
  }
}
