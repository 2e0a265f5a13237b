import { EXTENSION_EVENT_TYPES, evolveExtension, initialExtensionState, type ExtensionEvent, type ExtensionState } from '@ledger/domain';
import { documentProjection } from '../documents/document-projection';

/** The 延期申请 list: what the units asked for, and what the office decided. */
export const extensionReadModel = documentProjection<ExtensionState, ExtensionEvent>({
  name: 'extensions',
  table: 'rm_extensions',
  handles: EXTENSION_EVENT_TYPES,
  idField: 'extensionId',
  idOf: (event) => event.data.extensionId,
  initial: initialExtensionState,
  evolve: evolveExtension,
  columns: (state) =>
    state.status === 'empty'
      ? null
      : {
          task_id: state.taskId,
          unit_id: state.unitId,
          status: state.status,
          period: state.period ?? null,
          notice_id: state.noticeId ?? null,
          requested_at: state.requestedAt,
        },
});

export const extensionsProjection = extensionReadModel.projection;
