import { TARGET_EVENT_TYPES } from '@ledger/domain';
import { insertRows } from '../projector/apply-events';
import type { Projection } from '../projector/projection';

/**
 * The supervision record of each task (periods opened, reminders, missing reports, recorded
 * progress) as its workflow writes it. Statuses are computed from reports, not from these rows:
 * they show what the supervision workflow did and when.
 */
export const targetRecordsProjection: Projection = {
  name: 'target-records',
  handles: TARGET_EVENT_TYPES,
  tables: ['rm_target_records'],
  async apply(manager, events) {
    const rows = events.map((event) => {
      const data = event.data as { taskId: string; at: string; period?: string };
      return { position: event.position, task_id: data.taskId, type: event.type, period: data.period ?? null, at: data.at, data };
    });
    await insertRows(manager, 'rm_target_records', rows);
  },
};
