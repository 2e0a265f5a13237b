import { percentOfTarget, type ReportSignedOff } from '@ledger/domain';
import type { Event } from '@ledger/event-store';
import { upsertRows } from '../projector/apply-events';
import type { Projection } from '../projector/projection';
import type { IndicatorRow } from '../catalog/entities';

type ProgressRow = {
  task_id: string;
  indicator_id: string;
  value: number;
  percent: number;
  report_id: string;
  period: string;
  signed_off_at: string;
};

/**
 * Signed-off progress per indicator: the values of the latest signed-off period (values are
 * cumulative as of the period's end, so a later period replaces an earlier one; a late report
 * for an earlier month does not).
 */
export const taskProgressProjection: Projection<Event<'ReportSignedOff', ReportSignedOff>> = {
  name: 'task-progress',
  handles: ['ReportSignedOff'],
  tables: ['rm_task_progress'],
  reads: ['catalog'],
  async apply(manager, events) {
    const signedOff = events.map((event) => event.data);
    const taskIds = [...new Set(signedOff.map((s) => s.taskId))];
    const indicators: Array<Pick<IndicatorRow, 'taskId' | 'indicatorId' | 'kind' | 'target' | 'comparator'>> = await manager.query(
      `select task_id as "taskId", indicator_id as "indicatorId", kind, target, comparator from rm_indicators where task_id = any($1)`,
      [taskIds],
    );
    const targets = new Map(indicators.map((row) => [`${row.taskId}\u0000${row.indicatorId}`, row]));
    const latest = new Map<string, ProgressRow>();
    for (const s of signedOff) {
      for (const { indicatorId, value } of s.values) {
        const key = `${s.taskId}\u0000${indicatorId}`;
        const indicator = targets.get(key);
        const row = {
          task_id: s.taskId,
          indicator_id: indicatorId,
          value,
          percent: indicator ? percentOfTarget(indicator, value) : 0,
          report_id: s.reportId,
          period: s.period,
          signed_off_at: s.at,
        };
        const before = latest.get(key);
        if (!before || before.period <= row.period) latest.set(key, row);
      }
    }
    await upsertRows(
      manager,
      'rm_task_progress',
      ['task_id', 'indicator_id'],
      [...latest.values()],
      'rm_task_progress.period <= excluded.period',
    );
  },
};
