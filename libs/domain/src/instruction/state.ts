import { withAttachments, type AttachmentRef } from '../attachments';
import type { InstructionBy, InstructionEvent } from './events';

interface Recorded {
  instructionId: string;
  planId: string;
  taskId: string;
  noticeId?: string;
  unitIds: string[];
  by: InstructionBy;
  text: string;
  recordedAt: string;
  /** The units that have read it (阅示), in order. */
  acknowledgedBy: string[];
  /** 落实情况, one per unit. */
  reports: Array<{ unitId: string; text: string; attachments?: AttachmentRef[]; at: string }>;
}

/** Recorded → acknowledged (every unit read it) → reported (every unit reported how it was carried out). */
export type InstructionState =
  { status: 'empty' } | (Recorded & { status: 'recorded' }) | (Recorded & { status: 'acknowledged' }) | (Recorded & { status: 'reported' });

export type InstructionStatus = InstructionState['status'];

export const initialInstructionState: InstructionState = { status: 'empty' };

export function evolveInstruction(state: InstructionState, event: InstructionEvent): InstructionState {
  if (event.type === 'InstructionRecorded') {
    const { at, ...recorded } = event.data;
    return { ...recorded, recordedAt: at, acknowledgedBy: [], reports: [], status: 'recorded' };
  }
  if (state.status === 'empty') return state;
  switch (event.type) {
    case 'InstructionAcknowledged':
      return withStatus({ ...state, acknowledgedBy: [...state.acknowledgedBy, event.data.unitId] });
    case 'InstructionCarriedOut': {
      const { unitId, text, attachments, at } = event.data;
      return withStatus({ ...state, reports: [...state.reports, { unitId, text, ...withAttachments(attachments), at }] });
    }
    default:
      return assertNever(event);
  }
}

function withStatus(state: Recorded): InstructionState {
  const every = (units: string[]) => state.unitIds.every((unit) => units.includes(unit));
  if (every(state.reports.map((report) => report.unitId))) return { ...state, status: 'reported' };
  if (every(state.acknowledgedBy)) return { ...state, status: 'acknowledged' };
  return { ...state, status: 'recorded' };
}

function assertNever(value: never): never {
  throw new Error(`unexpected instruction event: ${JSON.stringify(value)}`);
}

/** What an operation on an instruction answers, and what the API shows of it. */
export interface InstructionSummary {
  id: string;
  taskId: string;
  noticeId?: string;
  unitIds: string[];
  by: InstructionBy;
  text: string;
  status: Exclude<InstructionStatus, 'empty'>;
  recordedAt: string;
  acknowledgedBy: string[];
  reports: Array<{ unitId: string; text: string; attachments?: AttachmentRef[]; at: string }>;
}

export function summarizeInstruction(state: InstructionState): InstructionSummary | null {
  if (state.status === 'empty') return null;
  const { instructionId, taskId, noticeId, unitIds, by, text, status, recordedAt, acknowledgedBy, reports } = state;
  return {
    id: instructionId,
    taskId,
    ...(noticeId === undefined ? {} : { noticeId }),
    unitIds,
    by,
    text,
    status,
    recordedAt,
    acknowledgedBy,
    reports,
  };
}
