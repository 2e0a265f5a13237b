import type { EntityManager } from 'typeorm';
import { REPORT_EVENT_TYPES, type IndicatorValue, type ReportEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { upsertRows } from '../projector/apply-events';
import type { Projection } from '../projector/projection';

/** What the board keeps of one report: enough to say whether its period is reported, and how. */
interface BoardReport {
  report_id: string;
  task_id: string;
  period: string;
  status: 'in_review' | 'returned' | 'withdrawn' | 'signed_off';
  submitted_at: string;
  updated_at: string;
  signed_values: IndicatorValue[] | null;
}

/**
 * The dashboard's reads: one row per task and period (rm_task_periods) saying whether a live
 * report covers it, when the first one was submitted, which report the board names as the
 * period's latest, and the values signed off for it. A dashboard request reads these rows, as
 * many as the plan has tasks times months, however many reports and revisions there are.
 *
 * It folds its own per-report rows (rm_board_reports) from the report events rather than reading
 * rm_reports: a projection that reads another's tables makes the projector cut its batches at
 * every event that one handles, and report events are most of the log. A period's row is
 * recomputed from the per-report rows of that period after each batch, so it does not depend on
 * where batches were cut (rebuild = live).
 */
export const taskBoardProjection: Projection<ReportEvent> = {
  name: 'task-board',
  // Every report event: the board's "latest report" is ordered by the last time anything happened to it.
  handles: REPORT_EVENT_TYPES,
  tables: ['rm_board_reports', 'rm_task_periods'],
  async apply(manager, events) {
    const reports = await loadReports(manager, events);
    const touched = new Map<string, BoardReport>();
    for (const recorded of events) {
      const next = applyBoardEvent(reports.get(recorded.data.reportId), recorded);
      if (!next) continue;
      reports.set(next.report_id, next);
      touched.set(next.report_id, next);
    }
    const rows = [...touched.values()];
    await upsertRows(manager, 'rm_board_reports', ['report_id'], rows);
    await recomputePeriods(manager, rows);
  },
};

/** The board's view of a report after one event (undefined for an event of a report it never saw submitted). */
export function applyBoardEvent(report: BoardReport | undefined, { type, data }: RecordedEvent<ReportEvent>): BoardReport | undefined {
  if (type === 'ReportSubmitted') {
    return {
      report_id: data.reportId,
      task_id: data.taskId,
      period: data.period,
      status: 'in_review',
      submitted_at: data.at,
      updated_at: data.at,
      signed_values: null,
    };
  }
  if (!report) return undefined;
  const next = { ...report, updated_at: data.at };
  switch (type) {
    case 'ReportResubmitted':
      return { ...next, status: 'in_review' };
    case 'ReportRejected':
      return { ...next, status: 'returned' };
    case 'ReportWithdrawn':
      return { ...next, status: 'withdrawn' };
    case 'ReportSignedOff':
      return { ...next, status: 'signed_off', signed_values: data.values };
    default:
      return next;
  }
}

async function loadReports(manager: EntityManager, events: readonly RecordedEvent<ReportEvent>[]): Promise<Map<string, BoardReport>> {
  const submittedHere = new Set(events.filter((e) => e.type === 'ReportSubmitted').map((e) => e.data.reportId));
  const ids = [...new Set(events.map((e) => e.data.reportId))].filter((id) => !submittedHere.has(id));
  if (ids.length === 0) return new Map();
  const rows: BoardReport[] = await manager.query(
    `select report_id, task_id, period, status, to_jsonb(submitted_at) #>> '{}' as submitted_at,
            to_jsonb(updated_at) #>> '{}' as updated_at, signed_values
       from rm_board_reports where report_id = any($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.report_id, row]));
}

/**
 * Per touched task and period: the first submission among live (not withdrawn) reports; the
 * latest report (a live one before a withdrawn one, then by last activity); the values of the
 * latest signed-off one.
 */
async function recomputePeriods(manager: EntityManager, touched: readonly BoardReport[]): Promise<void> {
  const keys = [...new Map(touched.map((r) => [`${r.task_id}\u0000${r.period}`, { task_id: r.task_id, period: r.period }])).values()];
  if (keys.length === 0) return;
  await manager.query(
    `with touched as (select * from jsonb_to_recordset($1::jsonb) as t(task_id text, period text))
     insert into rm_task_periods (task_id, period, first_submitted_at, last_report_id, last_report_status, last_report_at, signed_values)
     select t.task_id, t.period,
            (select min(b.submitted_at) from rm_board_reports b
              where b.task_id = t.task_id and b.period = t.period and b.status <> 'withdrawn'),
            last.report_id, last.status, last.updated_at,
            (select b.signed_values from rm_board_reports b
              where b.task_id = t.task_id and b.period = t.period and b.status = 'signed_off'
              order by b.updated_at desc, b.report_id desc limit 1)
       from touched t
       cross join lateral (select b.report_id, b.status, b.updated_at from rm_board_reports b
              where b.task_id = t.task_id and b.period = t.period
              order by (b.status <> 'withdrawn') desc, b.updated_at desc, b.report_id desc limit 1) last
     on conflict (task_id, period) do update set first_submitted_at = excluded.first_submitted_at,
       last_report_id = excluded.last_report_id, last_report_status = excluded.last_report_status,
       last_report_at = excluded.last_report_at, signed_values = excluded.signed_values`,
    [JSON.stringify(keys)],
  );
}
