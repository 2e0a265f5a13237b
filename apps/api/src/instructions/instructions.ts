import type { Page, PageQueryDto as PageRequest } from '../http/paging';
import { Command, Query } from '@nestjs/cqrs';
import type { InstructionSummary, TaskForceLeader } from '@ledger/domain';
import type { DocumentHistoryEntry } from '@ledger/read-models';
import type { Principal } from '../auth/principal';
import { ActOnDocument } from '../http/document-actions';
import type { InstructionActionName } from './actions';

/** An instruction as the task page and the unit's 待办 show it. */
export interface InstructionView extends InstructionSummary {
  history: DocumentHistoryEntry[];
}

export class RecordInstructionCommand extends Command<InstructionSummary> {
  constructor(
    readonly principal: Principal,
    readonly input: { taskId?: string; noticeId?: string; by: TaskForceLeader; byUnit?: string; text: string },
    /** The request's (see requestCorrelationId): also the new document's id. */
    readonly correlationId: string,
  ) {
    super();
  }
}

/** An action of INSTRUCTION_ACTIONS on a recorded instruction. */
export class ActOnInstruction extends ActOnDocument<InstructionSummary, InstructionActionName> {}

export interface InstructionFilter extends PageRequest {
  taskId?: string;
  noticeId?: string;
  status?: string;
}

export class ListInstructions extends Query<Page<InstructionView>> {
  constructor(
    readonly principal: Principal,
    readonly filter: InstructionFilter,
  ) {
    super();
  }
}

export class GetInstruction extends Query<InstructionView> {
  constructor(
    readonly principal: Principal,
    readonly instructionId: string,
  ) {
    super();
  }
}
