import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { TaskForce, TaskForceRole } from '@ledger/plan-catalog';
import { PlanRow, UnitRow } from '@ledger/read-models';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { GetTaskForce, ListTasks, ListUnits, type TaskForceLeaderView, type TaskForceView, type TaskView, type UnitView } from './queries';
import { PublishedPlans } from './published-plans';

@QueryHandler(ListUnits)
export class ListUnitsHandler implements IQueryHandler<ListUnits> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute(): Promise<UnitView[]> {
    const units = await this.runtime.dataSource.getRepository(UnitRow).find({ order: { code: 'ASC' } });
    return units.map(({ id, code, name }) => ({ id, code, name }));
  }
}

@QueryHandler(ListTasks)
export class ListTasksHandler implements IQueryHandler<ListTasks> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal }: ListTasks): Promise<TaskView[]> {
    const unit = principal.role === 'submitter' ? principal.unitId : undefined;
    // One statement, the nesting done by PostgreSQL: read on every page of the console, it costs
    // a round trip and a JSON parse rather than three queries and an entity per row.
    return this.runtime.dataSource.query(
      `select t.id, t.plan_id as "planId", t.code, t.title, t.section, t.category, t.lead_units as "leadUnits",
              coalesce((select json_agg(json_build_object('id', i.indicator_id, 'name', i.name, 'target', i.target,
                                  'unit', i.unit, 'kind', i.kind, 'comparator', i.comparator, 'ownerUnit', i.owner_unit)
                                  order by i.sort)
                          from rm_indicators i where i.task_id = t.id), '[]') as indicators,
              coalesce((select json_agg(json_build_object('indicatorId', p.indicator_id, 'value', p.value,
                                  'percent', p.percent, 'period', p.period) order by p.indicator_id)
                          from rm_task_progress p where p.task_id = t.id), '[]') as progress
         from rm_tasks t
        where $1::text is null or t.lead_units ? $1::text
        order by t.sort`,
      [unit === undefined ? null : (unit ?? '')],
    );
  }
}

@QueryHandler(GetTaskForce)
export class GetTaskForceHandler implements IQueryHandler<GetTaskForce> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly plans: PublishedPlans,
  ) {}

  async execute({ planId }: GetTaskForce): Promise<TaskForceView> {
    const { dataSource } = this.runtime;
    // Asked of the read model first, so that ids of plans that do not exist are never cached.
    const taskForce = (await dataSource.getRepository(PlanRow).existsBy({ id: planId })) ? await this.plans.taskForce(planId) : undefined;
    if (!taskForce) throw new Problem(404, 'Not Found / 未找到', `no published plan ${planId} / 方案不存在或尚未发布`);
    const units = await dataSource.getRepository(UnitRow).find();
    return taskForceView(planId, taskForce, new Map(units.map((unit) => [unit.id, unit.name])));
  }
}

/** The task force with each unit's name as the registry has it now (the admin may have renamed it). */
export function taskForceView(planId: string, taskForce: TaskForce, unitNames: ReadonlyMap<string, string>): TaskForceView {
  const unitName = (unitId: string) => unitNames.get(unitId) ?? unitId;
  const leader = (role: TaskForceLeaderView['role'], { unit, position }: TaskForceRole): TaskForceLeaderView => ({
    role,
    unitId: unit,
    unitName: unitName(unit),
    position,
  });
  return {
    planId,
    name: taskForce.name,
    convener: leader('convener', taskForce.convener),
    deputyConveners: taskForce.deputyConveners.map((deputy) => leader('deputy_convener', deputy)),
    memberUnits: taskForce.memberUnits.map((unitId) => ({ unitId, unitName: unitName(unitId) })),
    office: { unitId: taskForce.office.unit, unitName: unitName(taskForce.office.unit), duties: taskForce.office.duties },
  };
}

export const CATALOG_HANDLERS = [PublishedPlans, ListUnitsHandler, ListTasksHandler, GetTaskForceHandler];
