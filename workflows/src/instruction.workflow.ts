import { allHandlersFinished, condition, defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';
import {
  decideInstruction,
  evolveInstruction,
  initialInstructionState,
  instructionStreamId,
  summarizeInstruction,
  withAttachments,
  type AttachmentRef,
  type InstructionCommand,
  type InstructionEvent,
  type InstructionState,
  type InstructionSummary,
  type RecordInstruction,
  type DocumentChain,
  type InstructionChainAction,
} from '@ledger/domain';
import { documentRunner, type By, type StoredStream } from './document';

export type RecordInstructionInput = By & Pick<RecordInstruction, 'task' | 'noticeId' | 'notice' | 'by' | 'byUnit' | 'taskForce' | 'text'>;
export type InstructionReportInput = By & { text: string; attachments?: AttachmentRef[] };

export const recordInstructionUpdate = defineUpdate<InstructionSummary | null, [RecordInstructionInput]>('recordInstruction');
export const acknowledgeInstructionUpdate = defineUpdate<InstructionSummary | null, [By]>('acknowledgeInstruction');
export const reportOnInstructionUpdate = defineUpdate<InstructionSummary | null, [InstructionReportInput]>('reportOnInstruction');
export const instructionSummaryQuery = defineQuery<InstructionSummary | null>('instructionSummary');

export interface InstructionWorkflowInput {
  instructionId: string;
  /** The plan's chain for this kind; the default chain when absent (workflows started before chains were plan data). */
  chain?: DocumentChain<InstructionChainAction>;
  /** The document's stream so far, when reconcile starts its workflow again (Temporal's state was lost). */
  stored?: StoredStream<InstructionEvent>;
}

/** How long an instruction started by hand waits for its text before the workflow gives up. */
const RECORD_WINDOW = '1 hour';

export function instructionWorkflowId(instructionId: string): string {
  return instructionStreamId(instructionId);
}

/**
 * One 领导批示 (id `instruction-<id>`, also its stream): recorded by the office, read (阅示) by
 * each lead unit it went to, which then reports how it was carried out (落实情况); it ends when
 * every unit has reported.
 */
export async function instructionWorkflow(input: InstructionWorkflowInput): Promise<InstructionSummary | null> {
  const { instructionId } = input;
  const runner = documentRunner<InstructionCommand, InstructionEvent, InstructionState, InstructionSummary | null>(
    {
      streamId: instructionStreamId(instructionId),
      stored: input.stored,
      initial: initialInstructionState,
      decide: (command, state) => decideInstruction(command, state, input.chain),
      evolve: evolveInstruction,
    },
    summarizeInstruction,
  );
  runner.operation(recordInstructionUpdate, (i, at) => ({
    type: 'RecordInstruction',
    actor: i.actor,
    now: at,
    instructionId,
    task: i.task,
    noticeId: i.noticeId,
    notice: i.notice,
    by: i.by,
    byUnit: i.byUnit,
    taskForce: i.taskForce,
    text: i.text,
  }));
  runner.operation(acknowledgeInstructionUpdate, (i, at) => ({ type: 'AcknowledgeInstruction', actor: i.actor, now: at }));
  runner.operation(reportOnInstructionUpdate, (i, at) => ({
    type: 'ReportOnInstruction',
    actor: i.actor,
    now: at,
    text: i.text,
    ...withAttachments(i.attachments),
  }));
  setHandler(instructionSummaryQuery, () => summarizeInstruction(runner.state()));

  if (await condition(() => runner.state().status !== 'empty', RECORD_WINDOW)) {
    await condition(() => runner.state().status === 'reported');
  }
  await runner.settled();
  await condition(allHandlersFinished);
  return summarizeInstruction(runner.state());
}
