import type { InstructionSummary } from '@ledger/domain';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { acknowledgeInstructionUpdate, reportOnInstructionUpdate } from '@ledger/workflows';
import { actionRow } from '../http/document-actions';
import { InstructionReportDto } from './dto';

/** An instruction's actions need nothing besides their bodies. */
export type InstructionLookup = Record<string, never>;

const row = actionRow<InstructionLookup, InstructionSummary | null>();

/** 阅示 and 落实情况 (the lead unit it went to): `POST /api/instructions/:id/<name>`. */
export const INSTRUCTION_ACTIONS = {
  acknowledge: row({ roles: DOCUMENT_ACTION_ROLES.instruction.acknowledge, update: acknowledgeInstructionUpdate, input: () => ({}) }),
  report: row({
    roles: DOCUMENT_ACTION_ROLES.instruction.report,
    body: InstructionReportDto,
    update: reportOnInstructionUpdate,
    input: (body) => ({ text: body.text }),
  }),
};

export type InstructionActionName = keyof typeof INSTRUCTION_ACTIONS;
