import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ListTasks, ListUnits } from './queries';

@Controller('api')
export class CatalogController {
  constructor(private readonly queries: QueryBus) {}

  @Get('units')
  units() {
    return this.queries.execute(new ListUnits());
  }

  @Get('tasks')
  tasks(@CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new ListTasks(principal));
  }
}
