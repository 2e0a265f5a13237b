import type { ReportEvent } from '@ledger/domain';
import type { Projection } from '../projector/projection';
import type { ReportHistoryEntry } from './entities';

/** One row per report: where it stands, its current values and its whole timeline. */
export const reportViewProjection: Projection = {
  name: 'report-view',
  handles: ['ReportSubmitted', 'ReportResubmitted', 'ReportApproved', 'ReportRejected', 'ReportSignedOff'],
  async apply(manager, recorded) {
    const event = { type: recorded.type, data: recorded.data } as ReportEvent;
    const entry: ReportHistoryEntry = {
      type: event.type,
      at: event.data.at,
      actorId: recorded.metadata.actorId,
      role: recorded.metadata.role,
    };
    switch (event.type) {
      case 'ReportSubmitted': {
        const d = event.data;
        await manager.query(
          `insert into rm_reports (id, plan_id, task_id, period, unit_id, status, stage, revision, values, narrative, history, submitted_by, updated_at)
           values ($1, $2, $3, $4, $5, 'in_review', $6, $7, $8, $9, $10, $11, $12) on conflict (id) do nothing`,
          [d.reportId, d.planId, d.taskId, d.period, d.unitId, d.stage, d.revision, JSON.stringify(d.values), d.narrative, JSON.stringify([{ ...entry, stage: d.stage }]), entry.actorId, d.at],
        );
        return;
      }
      case 'ReportResubmitted':
        return update(manager, event.data.reportId, { status: 'in_review', stage: event.data.stage, revision: event.data.revision, values: event.data.values, narrative: event.data.narrative }, { ...entry, stage: event.data.stage }, event.data.at);
      case 'ReportApproved':
        return update(manager, event.data.reportId, { stage: event.data.nextStage }, { ...entry, stage: event.data.stage, comment: event.data.comment }, event.data.at);
      case 'ReportRejected':
        return update(manager, event.data.reportId, { status: 'returned', stage: null }, { ...entry, stage: event.data.stage, comment: event.data.reason }, event.data.at);
      case 'ReportSignedOff':
        return update(manager, event.data.reportId, { status: 'signed_off', stage: null }, { ...entry, stage: event.data.stage, comment: event.data.comment }, event.data.at);
    }
  },
};

type Changes = Partial<{ status: string; stage: string | null; revision: number; values: unknown; narrative: string }>;

async function update(manager: import('typeorm').EntityManager, reportId: string, changes: Changes, entry: ReportHistoryEntry, at: string): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [reportId, JSON.stringify([withoutUndefined(entry)]), at];
  for (const [column, value] of Object.entries(changes)) {
    params.push(column === 'values' ? JSON.stringify(value) : value);
    sets.push(`${column === 'values' ? '"values"' : column} = $${params.length}`);
  }
  await manager.query(
    `update rm_reports set ${[...sets, 'history = history || $2::jsonb', 'updated_at = $3'].join(', ')} where id = $1`,
    params,
  );
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
