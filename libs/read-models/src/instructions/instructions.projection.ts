import {
  evolveInstruction,
  initialInstructionState,
  INSTRUCTION_EVENT_TYPES,
  type InstructionEvent,
  type InstructionState,
} from '@ledger/domain';
import { documentProjection } from '../documents/document-projection';

/** 领导批示 on the task page and in the unit's 待办: what was instructed, who read it, how it was carried out. */
export const instructionReadModel = documentProjection<InstructionState, InstructionEvent>({
  name: 'instructions',
  table: 'rm_instructions',
  handles: INSTRUCTION_EVENT_TYPES,
  idField: 'instructionId',
  idOf: (event) => event.data.instructionId,
  initial: initialInstructionState,
  evolve: evolveInstruction,
  columns: (state) =>
    state.status === 'empty'
      ? null
      : {
          task_id: state.taskId,
          notice_id: state.noticeId ?? null,
          unit_ids: state.unitIds,
          status: state.status,
          recorded_at: state.recordedAt,
        },
});

export const instructionsProjection = instructionReadModel.projection;
