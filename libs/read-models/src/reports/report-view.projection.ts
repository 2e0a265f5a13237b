import type { EntityManager } from 'typeorm';
import { REPORT_EVENT_TYPES, type ReportEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { upsertRows } from '../projector/apply-events';
import { copyRows } from '../projector/copy-rows';
import type { Projection, ProjectionReplay } from '../projector/projection';
import { applyReportEvent, type ReportView } from './report-view';

/** Reports that take no more events in the normal course of things: a replay writes them and lets them go. */
const CLOSED_STATUSES: ReadonlySet<ReportView['status']> = new Set(['signed_off', 'withdrawn']);
/** The open reports a replay keeps in memory at most; past this it writes them all and starts afresh (bounded memory). */
const MAX_HELD_REPORTS = 20_000;

/**
 * One row per report: where it stands, its revisions, its stage timing and its whole timeline.
 * A batch is folded in memory, report by report, and each touched row is written once. The views
 * folded here are this projection's own (read from its rows or made by a submission), so events
 * are applied to them in place.
 */
export const reportViewProjection: Projection<ReportEvent> = {
  name: 'report-view',
  handles: REPORT_EVENT_TYPES,
  tables: ['rm_reports'],
  async apply(manager, events) {
    const views = await load(manager, reportsToLoad(events));
    const touched = new Set<string>();
    for (const recorded of events) {
      const next = applyReportEvent(views.get(reportIdOf(recorded)), recorded);
      if (next) {
        views.set(next.id, next);
        touched.add(next.id);
      }
    }
    await upsertRows(
      manager,
      'rm_reports',
      ['id'],
      [...touched].map((id) => toRow(views.get(id)!)),
    );
  },
  replay: replayReportViews,
};

/** A report view a replay holds between batches: whether its row exists yet, and whether the row is behind it. */
interface HeldReport {
  view: ReportView;
  stored: boolean;
  changed: boolean;
}

/**
 * A replay keeps report views in memory from batch to batch (nothing else writes the shadow, so
 * they stay true to it) and writes a report's row once: when it closes, or at a flush. Most rows
 * are thus written once, with COPY, instead of once per batch their events fall in. A report not
 * held whose first event here is its submission has no row yet (a report's stream starts with its
 * submission); any other one is read back from the shadow, as the live projection does.
 */
function replayReportViews(): ProjectionReplay<ReportEvent> {
  const held = new Map<string, HeldReport>();
  return {
    async apply(manager, events) {
      for (const [id, view] of await load(manager, reportsToLoad(events, held))) held.set(id, { view, stored: true, changed: false });
      const closed = new Set<string>();
      for (const recorded of events) {
        const before = held.get(reportIdOf(recorded));
        const next = applyReportEvent(before?.view, recorded);
        if (!next) continue;
        if (before && before.view === next) before.changed = true;
        else held.set(next.id, { view: next, stored: before?.stored ?? false, changed: true });
        if (CLOSED_STATUSES.has(next.status)) closed.add(next.id);
        else closed.delete(next.id);
      }
      await writeHeld(
        manager,
        [...closed].map((id) => held.get(id)!),
      );
      for (const id of closed) held.delete(id);
      if (held.size > MAX_HELD_REPORTS) {
        await writeHeld(manager, [...held.values()]);
        held.clear();
      }
    },
    async flush(manager) {
      await writeHeld(manager, [...held.values()]);
    },
  };
}

/** Writes the changed ones: new rows with COPY, rows already stored (rare in a replay) as an upsert. */
async function writeHeld(manager: EntityManager, reports: readonly HeldReport[]): Promise<void> {
  const changed = reports.filter((report) => report.changed);
  await copyRows(
    manager,
    'rm_reports',
    changed.filter((report) => !report.stored).map((report) => toRow(report.view)),
  );
  await upsertRows(
    manager,
    'rm_reports',
    ['id'],
    changed.filter((report) => report.stored).map((report) => toRow(report.view)),
  );
  for (const report of changed) {
    report.stored = true;
    report.changed = false;
  }
}

/**
 * The reports whose rows must be read before folding these events: those not at hand whose first
 * event here is not their submission (a report submitted here starts here).
 */
function reportsToLoad(events: readonly RecordedEvent<ReportEvent>[], atHand: { has(reportId: string): boolean } = new Set()): string[] {
  const firstSeen = new Map<string, string>();
  for (const event of events) {
    const reportId = reportIdOf(event);
    if (!firstSeen.has(reportId) && !atHand.has(reportId)) firstSeen.set(reportId, event.type);
  }
  return [...firstSeen].filter(([, type]) => type !== 'ReportSubmitted').map(([id]) => id);
}

const reportIdOf = (event: RecordedEvent<ReportEvent>): string => event.data.reportId;

interface StoredReport {
  id: string;
  plan_id: string;
  task_id: string;
  period: string;
  unit_id: string;
  status: ReportView['status'];
  stage: string | null;
  revision: number;
  values: ReportView['values'];
  narrative: string;
  history: ReportView['history'];
  submitted_by: string;
  updated_at: Date | string;
  chain: ReportView['chain'];
  countersign_unit: string | null;
  revisions: ReportView['revisions'];
  stage_entered_at: Date | string | null;
  stage_due_at: Date | string | null;
  overdue: boolean;
  escalated: boolean;
  opened: boolean;
  assignee: string | null;
  delegations: Record<string, string>;
  open_urges: ReportView['openUrges'];
}

async function load(manager: EntityManager, ids: string[]): Promise<Map<string, ReportView>> {
  if (ids.length === 0) return new Map();
  const rows: StoredReport[] = await manager.query('select * from rm_reports where id = any($1::uuid[])', [ids]);
  return new Map(rows.map((row) => [row.id, fromRow(row)]));
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function fromRow(row: StoredReport): ReportView {
  return {
    id: row.id,
    planId: row.plan_id,
    taskId: row.task_id,
    period: row.period,
    unitId: row.unit_id,
    status: row.status,
    stage: row.stage,
    revision: row.revision,
    values: row.values,
    narrative: row.narrative,
    history: row.history,
    submittedBy: row.submitted_by,
    updatedAt: iso(row.updated_at)!,
    chain: row.chain,
    countersignUnit: row.countersign_unit,
    revisions: row.revisions,
    stageEnteredAt: iso(row.stage_entered_at),
    stageDueAt: iso(row.stage_due_at),
    overdue: row.overdue,
    escalated: row.escalated,
    opened: row.opened,
    assignee: row.assignee,
    delegations: row.delegations,
    openUrges: row.open_urges,
  };
}

function toRow(view: ReportView): StoredReport {
  return {
    id: view.id,
    plan_id: view.planId,
    task_id: view.taskId,
    period: view.period,
    unit_id: view.unitId,
    status: view.status,
    stage: view.stage,
    revision: view.revision,
    values: view.values,
    narrative: view.narrative,
    history: view.history,
    submitted_by: view.submittedBy,
    updated_at: view.updatedAt,
    chain: view.chain,
    countersign_unit: view.countersignUnit,
    revisions: view.revisions,
    stage_entered_at: view.stageEnteredAt,
    stage_due_at: view.stageDueAt,
    overdue: view.overdue,
    escalated: view.escalated,
    opened: view.opened,
    assignee: view.assignee,
    delegations: view.delegations,
    open_urges: view.openUrges,
  };
}
