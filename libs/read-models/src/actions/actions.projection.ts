import { REPORT_EVENT_TYPES } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { insertRows } from '../projector/apply-events';
import { copyRows } from '../projector/copy-rows';
import type { Projection } from '../projector/projection';

/** Who did what to which report, when: one row per report event (an inbox's "done" list reads it by actor). */
export const actionsProjection: Projection = {
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

function actionRow(event: RecordedEvent) {
  const data = event.data as {
    reportId: string;
    at: string;
    stage?: string;
    onBehalfOf?: string;
    reason?: string;
    comment?: string;
    message?: string;
  };
  return {
    position: event.position,
    report_id: data.reportId,
    type: event.type,
    actor_id: event.metadata.actorId,
    role: event.metadata.role,
    on_behalf_of: data.onBehalfOf ?? null,
    stage: data.stage ?? null,
    comment: data.reason ?? data.comment ?? data.message ?? null,
    at: data.at,
  };
}
