import type { Pool } from 'pg';
import { setScrapeSource } from './metrics';

// Per checkpoint: how far the log's head is ahead, and how long the first unapplied event has
// waited. Both read the events' primary key, so a scrape costs two index lookups per projection.
const LAG_SQL = `
  select c.name as projection,
         greatest(h.head - c.position, 0)::float8 as events,
         coalesce((select extract(epoch from now() - e.recorded_at) from events e where e.position = c.position + 1), 0)::float8 as seconds
    from projection_checkpoints c,
         (select coalesce((select position from events order by position desc limit 1), 0) as head) h`;

// Documents still waiting on someone: reports in review by stage, notices not closed by status,
// each with where it stands against its deadline. Grouped in the database (rm_reports_waiting index).
const OPEN_SQL = `
  select 'report' as kind, coalesce(stage, 'none') as stage,
         case when escalated then 'escalated' when overdue then 'overdue' else 'on_time' end as sla, count(*)::int as count
    from rm_reports where status = 'in_review' group by 1, 2, 3
  union all
  select 'notice', status, case when due_at < now() then 'overdue' else 'on_time' end, count(*)::int
    from rm_notices where status <> 'closed' group by 1, 2, 3`;

/** Lets a scrape read the projector lag and the open documents from this database. */
export function watchReadModels(pool: Pick<Pool, 'query'>): () => void {
  return setScrapeSource({
    projectorLag: async () => (await pool.query(LAG_SQL)).rows,
    openDocuments: async () => (await pool.query(OPEN_SQL)).rows,
  });
}
