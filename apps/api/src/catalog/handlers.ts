import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { IndicatorRow, TaskProgressRow, TaskRow, UnitRow } from '@ledger/read-models';
import { LedgerRuntime } from '../runtime';
import { ListTasks, ListUnits, type TaskView, type UnitView } from './queries';
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
    const { dataSource } = this.runtime;
    const query = dataSource.getRepository(TaskRow).createQueryBuilder('task').orderBy('task.sort', 'ASC');
    if (principal.role === 'submitter') query.where('task.lead_units ? :unit', { unit: principal.unitId });
    const tasks = await query.getMany();
    const ids = tasks.map((task) => task.id);
    if (ids.length === 0) return [];
    const [indicators, progress] = await Promise.all([
      dataSource
        .getRepository(IndicatorRow)
        .createQueryBuilder('i')
        .where('i.task_id in (:...ids)', { ids })
        .orderBy('i.sort', 'ASC')
        .getMany(),
      dataSource.getRepository(TaskProgressRow).createQueryBuilder('p').where('p.task_id in (:...ids)', { ids }).getMany(),
    ]);
    return tasks.map((task) => ({
      id: task.id,
      code: task.code,
      title: task.title,
      section: task.section,
      category: task.category,
      leadUnits: task.leadUnits,
      indicators: indicators
        .filter((i) => i.taskId === task.id)
        .map((i) => ({
          id: i.indicatorId,
          name: i.name,
          target: i.target,
          unit: i.unit,
          kind: i.kind,
          comparator: i.comparator,
          ownerUnit: i.ownerUnit,
        })),
      progress: progress
        .filter((p) => p.taskId === task.id)
        .map((p) => ({ indicatorId: p.indicatorId, value: p.value, percent: p.percent, period: p.period })),
    }));
  }
}

export const CATALOG_HANDLERS = [PublishedPlans, ListUnitsHandler, ListTasksHandler];
