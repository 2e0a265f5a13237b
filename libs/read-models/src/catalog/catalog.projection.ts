import type { EntityManager } from 'typeorm';
import { taskId, type PlanPublished } from '@ledger/domain';
import type { Projection } from '../projector/projection';

/** Units, plans, tasks and indicators as the latest published plan version has them. */
export const catalogProjection: Projection = {
  name: 'catalog',
  handles: ['PlanPublished'],
  tables: ['rm_units', 'rm_plans', 'rm_tasks', 'rm_indicators'],
  // Publications are rare and whole: one at a time, statement by statement.
  async apply(manager, events) {
    for (const event of events) await applyPlanPublished(manager, event.data as PlanPublished);
  },
};

async function applyPlanPublished(manager: EntityManager, published: PlanPublished): Promise<void> {
  const { plan } = published;
  for (const unit of published.units) {
    await manager.query(
      `insert into rm_units (id, code, name, aliases) values ($1, $1, $2, $3)
       on conflict (id) do update set name = excluded.name, aliases = excluded.aliases`,
      [unit.code, unit.name, JSON.stringify(unit.aliases)],
    );
  }
  await manager.query(
    `insert into rm_plans (id, title, city, year, version, content_hash, deadline_day) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (id) do update set title = excluded.title, city = excluded.city, year = excluded.year,
       version = excluded.version, content_hash = excluded.content_hash, deadline_day = excluded.deadline_day`,
    [plan.id, plan.title, plan.city, plan.year, published.version, published.contentHash, plan.calendar.deadlineDay],
  );
  await manager.query('delete from rm_indicators where task_id in (select id from rm_tasks where plan_id = $1)', [plan.id]);
  await manager.query('delete from rm_tasks where plan_id = $1', [plan.id]);
  let sort = 0;
  for (const section of plan.sections) {
    for (const category of section.categories) {
      for (const task of category.tasks) {
        const id = taskId(plan.id, task.code);
        await manager.query(
          `insert into rm_tasks (id, plan_id, code, title, section, category, lead_units, sort) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, plan.id, task.code, task.title, `${section.code}、${section.title}`, category.title, JSON.stringify(task.leadUnits), sort++],
        );
        for (const [index, indicator] of task.indicators.entries()) {
          await manager.query(
            `insert into rm_indicators (task_id, indicator_id, name, kind, target, unit, comparator, owner_unit, source, sort)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [
              id,
              indicator.id,
              indicator.name,
              indicator.kind,
              indicator.target,
              indicator.unit,
              indicator.comparator,
              indicator.ownerUnit ?? null,
              indicator.source,
              index,
            ],
          );
        }
      }
    }
  }
}
