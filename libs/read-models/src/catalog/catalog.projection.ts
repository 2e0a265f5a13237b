import type { EntityManager } from 'typeorm';
import { taskId, type PlanEvent, type PlanPublished } from '@ledger/domain';
import type { Projection } from '../projector/projection';

/** Units, plans, tasks and indicators as the latest published plan version has them. */
export const catalogProjection: Projection<PlanEvent> = {
  name: 'catalog',
  handles: ['PlanPublished'],
  tables: ['rm_units', 'rm_plans', 'rm_tasks', 'rm_indicators'],
  // Publications are rare and whole: one at a time, statement by statement.
  async apply(manager, events) {
    for (const event of events) await applyPlanPublished(manager, event.data);
  },
};

/**
 * A publication replaces its plan's tasks and indicators. A few statements with the rows as JSON,
 * not one per row: a replay meets this first, while the next batch of events is being parsed, and
 * each round trip then waits for that.
 */
async function applyPlanPublished(manager: EntityManager, published: PlanPublished): Promise<void> {
  const { plan } = published;
  // A unit listed twice: the last one stands, as when they were written one by one.
  const units = [...new Map(published.units.map((unit) => [unit.code, unit])).values()];
  await manager.query(
    `insert into rm_units (id, code, name, aliases)
     select unit->>'code', unit->>'code', unit->>'name', unit->'aliases' from jsonb_array_elements($1::jsonb) as unit
     on conflict (id) do update set name = excluded.name, aliases = excluded.aliases`,
    [JSON.stringify(units.map((unit) => ({ code: unit.code, name: unit.name, aliases: unit.aliases })))],
  );
  await manager.query(
    `insert into rm_plans (id, title, city, year, version, content_hash, deadline_day) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (id) do update set title = excluded.title, city = excluded.city, year = excluded.year,
       version = excluded.version, content_hash = excluded.content_hash, deadline_day = excluded.deadline_day`,
    [plan.id, plan.title, plan.city, plan.year, published.version, published.contentHash, plan.calendar.deadlineDay],
  );
  await manager.query('delete from rm_indicators where task_id in (select id from rm_tasks where plan_id = $1)', [plan.id]);
  await manager.query('delete from rm_tasks where plan_id = $1', [plan.id]);
  const tasks: object[] = [];
  const indicators: object[] = [];
  for (const section of plan.sections) {
    for (const category of section.categories) {
      for (const task of category.tasks) {
        const id = taskId(plan.id, task.code);
        tasks.push({
          id,
          plan_id: plan.id,
          code: task.code,
          title: task.title,
          section: `${section.code}、${section.title}`,
          category: category.title,
          lead_units: task.leadUnits,
          sort: tasks.length,
        });
        for (const [index, indicator] of task.indicators.entries()) {
          indicators.push({
            task_id: id,
            indicator_id: indicator.id,
            name: indicator.name,
            kind: indicator.kind,
            target: indicator.target,
            unit: indicator.unit,
            comparator: indicator.comparator,
            owner_unit: indicator.ownerUnit ?? null,
            source: indicator.source,
            sort: index,
          });
        }
      }
    }
  }
  await insertAll(manager, 'rm_tasks', tasks);
  await insertAll(manager, 'rm_indicators', indicators);
}

/** Rows as JSON objects keyed by column name; PostgreSQL turns them into rows of the table's own type. */
async function insertAll(manager: EntityManager, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(`insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb)`, [JSON.stringify(rows)]);
}
