import { REPORT_EVENT_TYPES, type ReportEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { insertRows } from '../projector/apply-events';
import { copyRows } from '../projector/copy-rows';
import type { Projection } from '../projector/projection';

/** Who did what to which report, when: one row per report event (an inbox's "done" list reads it by actor). */
export const actionsProjection: Projection<ReportEvent> = {
  name: 'actions',
  handles: REPORT_EVENT_TYPES,
  tables: ['rm_actions'],
  async apply(manager, events) {
    await insertRows(manager, 'rm_actions', events.map(actionRow));
  },
  // One row per event, never changed: a replay appends them with COPY.
  replay: () => ({
    apply: (manager, events) => copyRows(manager, 'rm_actions', events.map(actionRow)),
    flush: async () => undefined,
  }),
};

function actionRow(event: RecordedEvent<ReportEvent>) {
  const { data } = event;
  return {
    position: event.position,
    report_id: data.reportId,
    type: event.type,
    actor_id: event.metadata.actorId,
    role: event.metadata.role,
    on_behalf_of: ('onBehalfOf' in data ? data.onBehalfOf : undefined) ?? null,
    stage: ('stage' in data ? data.stage : undefined) ?? null,
    comment:
      ('reason' in data ? data.reason : undefined) ??
      ('comment' in data ? data.comment : undefined) ??
      ('message' in data ? data.message : undefined) ??
      null,
    at: data.at,
  };
}
