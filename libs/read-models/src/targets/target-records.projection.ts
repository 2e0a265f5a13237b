import { TARGET_EVENT_TYPES, type TargetEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { insertRows } from '../projector/apply-events';
import { copyRows } from '../projector/copy-rows';
import type { Projection } from '../projector/projection';

/**
 * The supervision record of each task (periods opened, reminders, missing reports, recorded
 * progress) as its workflow writes it. Statuses are computed from reports, not from these rows:
 * they show what the supervision workflow did and when.
 */
export const targetRecordsProjection: Projection<TargetEvent> = {
  name: 'target-records',
  handles: TARGET_EVENT_TYPES,
  tables: ['rm_target_records'],
  async apply(manager, events) {
    await insertRows(manager, 'rm_target_records', events.map(targetRecordRow));
  },
  // One row per event, never changed: a replay appends them with COPY.
  replay: () => ({
    apply: (manager, events) => copyRows(manager, 'rm_target_records', events.map(targetRecordRow)),
    flush: async () => undefined,
  }),
};

function targetRecordRow(event: RecordedEvent<TargetEvent>) {
  const { data } = event;
  return { position: event.position, task_id: data.taskId, type: event.type, period: data.period, at: data.at, data };
}
