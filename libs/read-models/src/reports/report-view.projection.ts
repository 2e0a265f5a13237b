import type { EntityManager } from 'typeorm';
import { REPORT_EVENT_TYPES, type ReportEvent } from '@ledger/domain';
import type { Projection } from '../projector/projection';
import { ReportRow } from './entities';
import { foldReportView, type ReportView } from './report-view';

/** One row per report: where it stands, its revisions, its stage timing and its whole timeline. */
export const reportViewProjection: Projection = {
  name: 'report-view',
  handles: REPORT_EVENT_TYPES,
  async apply(manager, recorded) {
    const event = { type: recorded.type, data: recorded.data } as ReportEvent;
    const current = await load(manager, event.data.reportId);
    const next = foldReportView(current, event, recorded.metadata);
    if (next) await manager.getRepository(ReportRow).save(toRow(next));
  },
};

async function load(manager: EntityManager, reportId: string): Promise<ReportView | undefined> {
  const row = await manager.getRepository(ReportRow).findOneBy({ id: reportId });
  if (!row) return undefined;
  return {
    ...row,
    updatedAt: row.updatedAt.toISOString(),
    stageEnteredAt: row.stageEnteredAt?.toISOString() ?? null,
    stageDueAt: row.stageDueAt?.toISOString() ?? null,
  };
}

function toRow(view: ReportView): ReportRow {
  return Object.assign(new ReportRow(), {
    ...view,
    updatedAt: new Date(view.updatedAt),
    stageEnteredAt: view.stageEnteredAt ? new Date(view.stageEnteredAt) : null,
    stageDueAt: view.stageDueAt ? new Date(view.stageDueAt) : null,
  });
}
