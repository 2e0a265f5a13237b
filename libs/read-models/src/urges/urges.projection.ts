import { evolveUrge, initialUrgeState, URGE_EVENT_TYPES, type UrgeEvent, type UrgeState } from '@ledger/domain';
import { documentProjection } from '../documents/document-projection';

/** The 催报 list: what the office urged, and which units have seen it. */
export const urgeReadModel = documentProjection<UrgeState, UrgeEvent>({
  name: 'urges',
  table: 'rm_urges',
  handles: URGE_EVENT_TYPES,
  idField: 'urgeId',
  idOf: (event) => event.data.urgeId,
  initial: initialUrgeState,
  evolve: evolveUrge,
  columns: (state) =>
    state.status === 'empty'
      ? null
      : { task_id: state.taskId, period: state.period, unit_ids: state.unitIds, status: state.status, urged_at: state.urgedAt },
});

export const urgesProjection = urgeReadModel.projection;
