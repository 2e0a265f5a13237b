import { percentOfTarget, type ReportSignedOff } from '@ledger/domain';
import type { Projection } from '../projector/projection';
import type { IndicatorRow } from '../catalog/entities';

/**
 * Signed-off progress per indicator: the values of the latest signed-off period (values are
 * cumulative as of the period's end, so a later period replaces an earlier one).
 */
export const taskProgressProjection: Projection = {
  name: 'task-progress',
  handles: ['ReportSignedOff'],
  async apply(manager, recorded) {
    const signedOff = recorded.data as ReportSignedOff;
    const indicators: Pick<IndicatorRow, 'indicatorId' | 'kind' | 'target' | 'comparator'>[] = await manager.query(
      `select indicator_id as "indicatorId", kind, target, comparator from rm_indicators where task_id = $1`,
      [signedOff.taskId],
    );
    const byId = new Map(indicators.map((row) => [row.indicatorId, row]));
    for (const { indicatorId, value } of signedOff.values) {
      const indicator = byId.get(indicatorId);
      const percent = indicator ? percentOfTarget(indicator, value) : 0;
      await manager.query(
        `insert into rm_task_progress (task_id, indicator_id, value, percent, report_id, period, signed_off_at)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (task_id, indicator_id) do update set value = excluded.value, percent = excluded.percent,
           report_id = excluded.report_id, period = excluded.period, signed_off_at = excluded.signed_off_at
         where rm_task_progress.period <= excluded.period`,
        [signedOff.taskId, indicatorId, value, percent, signedOff.reportId, signedOff.period, signedOff.at],
      );
    }
  },
};
