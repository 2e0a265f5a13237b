import { Controller, Get, Param, type PipeTransform } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import { GetTaskForce, ListTasks, ListUnits } from './queries';

// The shape plan ids have (libs/plan-catalog), checked before anything is looked up.
const PLAN_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const planId: PipeTransform<string, string> = {
  transform(value) {
    if (!PLAN_ID.test(value))
      throw new Problem(400, 'Bad Request / 请求有误', 'the plan id is lowercase letters, digits and dashes / 方案编号格式错误', [
        { field: 'planId', message: 'must be a plan id such as hengyang-2025 / 须为方案编号' },
      ]);
    return value;
  },
};

/** The plan catalogue, read by every signed-in role: units, tasks (a unit's own), the task force. */
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

  /** 工作专班: positions and units only; the plan names no person, and neither does this. */
  @Get('plans/:planId/task-force')
  taskForce(@Param('planId', planId) id: string) {
    return this.queries.execute(new GetTaskForce(id));
  }
}
