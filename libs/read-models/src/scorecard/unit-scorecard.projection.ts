import type { EntityManager } from 'typeorm';
import { reportDeadline, REPORT_EVENT_TYPES, type ReportEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { upsertRows } from '../projector/apply-events';
import type { Projection } from '../projector/projection';

/** What a unit's scorecard keeps of one of its reports: how it counts, and the stage it waits at since when. */
interface ScoredReport {
  report_id: string;
  unit_id: string;
  on_time: boolean;
  withdrawn: boolean;
  returned: boolean;
  stage: string | null;
  since: string;
}

/** A unit's running totals: what the scorecard shows of its reports. */
export interface UnitTotals {
  unit_id: string;
  /** Submitted and not withdrawn. */
  submitted: number;
  /** Of those, first submitted by the period's deadline. */
  on_time: number;
  /** Rejected back to the unit at least once (withdrawn ones too). */
  returned: number;
  /** Per stage ('returned': back with the unit), the stays that ended and their total length. */
  stage_visits: Record<string, { visits: number; ms: number }>;
}

/**
 * The scorecard's report figures, kept as running totals per unit (rm_unit_scorecards), so a
 * scorecard reads one row however many reports the unit has filed. Each report's part is kept
 * too (rm_scorecard_reports): a withdrawal takes back what the submission added, and a stage
 * stay is added when it ends. The totals move by the same steps whatever the batches, so a
 * rebuild equals the live rows.
 */
export const unitScorecardProjection: Projection<ReportEvent> = {
  name: 'unit-scorecard',
  handles: REPORT_EVENT_TYPES,
  tables: ['rm_scorecard_reports', 'rm_unit_scorecards'],
  // The plan's deadline day decides what was on time.
  reads: ['catalog'],
  async apply(manager, events) {
    const reports = await loadReports(manager, events);
    const deadlineDays = await loadDeadlineDays(manager, events);
    const units = await loadUnits(manager, [
      ...new Set([
        ...[...reports.values()].map((r) => r.unit_id),
        ...events.flatMap((e) => (e.type === 'ReportSubmitted' ? [e.data.unitId] : [])),
      ]),
    ]);
    const touched = new Set<string>();
    for (const event of events) {
      const report = scoreEvent(reports.get(event.data.reportId), event, units, deadlineDays);
      if (!report) continue;
      reports.set(report.report_id, report);
      touched.add(report.report_id);
    }
    await upsertRows(
      manager,
      'rm_scorecard_reports',
      ['report_id'],
      [...touched].map((id) => reports.get(id)!),
    );
    await upsertRows(manager, 'rm_unit_scorecards', ['unit_id'], [...units.values()]);
  },
};

/** One event on a report's part and on its unit's totals (which it changes in place). */
export function scoreEvent(
  report: ScoredReport | undefined,
  { type, data }: RecordedEvent<ReportEvent>,
  units: Map<string, UnitTotals>,
  deadlineDays: ReadonlyMap<string, number>,
): ScoredReport | undefined {
  if (type === 'ReportSubmitted') {
    const deadlineDay = deadlineDays.get(data.planId) ?? 25;
    const onTime = Date.parse(data.at) <= Date.parse(reportDeadline(data.period, { period: 'monthly', deadlineDay }));
    const totals = unitOf(units, data.unitId);
    totals.submitted += 1;
    if (onTime) totals.on_time += 1;
    return {
      report_id: data.reportId,
      unit_id: data.unitId,
      on_time: onTime,
      withdrawn: false,
      returned: false,
      stage: data.stage,
      since: data.at,
    };
  }
  if (!report) return undefined;
  const totals = unitOf(units, report.unit_id);
  const next = { ...report };
  const move = (stage: string | null) => {
    if (next.stage) {
      const visit = (totals.stage_visits[next.stage] ??= { visits: 0, ms: 0 });
      visit.visits += 1;
      visit.ms += Date.parse(data.at) - Date.parse(next.since);
    }
    next.stage = stage;
    next.since = data.at;
  };
  switch (type) {
    case 'ReportResubmitted':
      move(data.stage);
      break;
    case 'ReportCountersigned':
    case 'ReportApproved':
      move(data.nextStage);
      break;
    case 'ReportReturned':
      move(data.toStage);
      break;
    case 'ReportRejected':
      move('returned');
      if (!next.returned) totals.returned += 1;
      next.returned = true;
      break;
    case 'ReportSignedOff':
      move(null);
      break;
    case 'ReportWithdrawn':
      move(null);
      if (!next.withdrawn) {
        totals.submitted -= 1;
        if (next.on_time) totals.on_time -= 1;
      }
      next.withdrawn = true;
      break;
    default:
      return undefined;
  }
  return next;
}

function unitOf(units: Map<string, UnitTotals>, unitId: string): UnitTotals {
  let totals = units.get(unitId);
  if (!totals) units.set(unitId, (totals = { unit_id: unitId, submitted: 0, on_time: 0, returned: 0, stage_visits: {} }));
  return totals;
}

async function loadReports(manager: EntityManager, events: readonly RecordedEvent<ReportEvent>[]): Promise<Map<string, ScoredReport>> {
  const submittedHere = new Set(events.filter((e) => e.type === 'ReportSubmitted').map((e) => e.data.reportId));
  const ids = [...new Set(events.map((e) => e.data.reportId))].filter((id) => !submittedHere.has(id));
  if (ids.length === 0) return new Map();
  const rows: Array<Omit<ScoredReport, 'since'> & { since: Date }> = await manager.query(
    `select report_id, unit_id, on_time, withdrawn, returned, stage, since from rm_scorecard_reports where report_id = any($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.report_id, { ...row, since: row.since.toISOString() }]));
}

async function loadDeadlineDays(manager: EntityManager, events: readonly RecordedEvent<ReportEvent>[]): Promise<Map<string, number>> {
  const plans = [...new Set(events.flatMap((e) => (e.type === 'ReportSubmitted' ? [e.data.planId] : [])))];
  if (plans.length === 0) return new Map();
  const rows: Array<{ id: string; deadline_day: number }> = await manager.query(
    'select id, deadline_day from rm_plans where id = any($1)',
    [plans],
  );
  return new Map(rows.map((row) => [row.id, row.deadline_day]));
}

async function loadUnits(manager: EntityManager, unitIds: string[]): Promise<Map<string, UnitTotals>> {
  if (unitIds.length === 0) return new Map();
  const rows: UnitTotals[] = await manager.query(
    'select unit_id, submitted, on_time, returned, stage_visits from rm_unit_scorecards where unit_id = any($1)',
    [unitIds],
  );
  return new Map(rows.map((row) => [row.unit_id, row]));
}
