import type { EntityManager } from 'typeorm';
import { REPORT_EVENT_TYPES, type ReportEvent } from '@ledger/domain';
import { upsertRows } from '../projector/apply-events';
import type { Projection } from '../projector/projection';
import { foldReportView, type ReportView } from './report-view';

/**
 * One row per report: where it stands, its revisions, its stage timing and its whole timeline.
 * A batch is folded in memory, report by report, and each touched row is written once.
 */
export const reportViewProjection: Projection = {
  name: 'report-view',
  handles: REPORT_EVENT_TYPES,
  tables: ['rm_reports'],
  async apply(manager, events) {
    // A report whose first event here is its submission starts here: nothing to load for it.
    const firstSeen = new Map<string, string>();
    for (const event of events) {
      const { reportId } = event.data as { reportId: string };
      if (!firstSeen.has(reportId)) firstSeen.set(reportId, event.type);
    }
    const views = await load(
      manager,
      [...firstSeen].filter(([, type]) => type !== 'ReportSubmitted').map(([id]) => id),
    );
    const touched = new Set<string>();
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as ReportEvent;
      const next = foldReportView(views.get(event.data.reportId), event, recorded.metadata);
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
};

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
