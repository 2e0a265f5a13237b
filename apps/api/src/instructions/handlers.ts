import { pageOf, type Page, type PageKey } from '../http/paging';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  decideInstruction,
  evolveInstruction,
  initialInstructionState,
  instructionStreamId,
  summarizeInstruction,
  type InstructionEvent,
  type InstructionState,
  type InstructionSummary,
} from '@ledger/domain';
import { instructionReadModel, InstructionRow, TaskRow, type DocumentHistoryEntry } from '@ledger/read-models';
import { instructionWorkflow, instructionWorkflowId, recordInstructionUpdate } from '@ledger/workflows';
import { evidenceFor } from '../attachments/evidence';
import { actorOf, type Principal } from '../auth/principal';
import { runDocumentAction } from '../http/document-actions';
import { earlierAnswer, startDocument } from '../http/document-start';
import { Problem } from '../http/problem';
import { PublishedPlans } from '../catalog/published-plans';
import { noticeFacts } from '../notices/facts';
import { translateWorkflowError } from '../reports/errors';
import { LedgerRuntime } from '../runtime';
import { INSTRUCTION_ACTIONS } from './actions';
import { ActOnInstruction, GetInstruction, ListInstructions, RecordInstructionCommand, type InstructionView } from './instructions';

const INSTRUCTION_FOLD = { initialState: initialInstructionState, evolve: evolveInstruction, summarize: summarizeInstruction };
const ENDED = 'every unit has reported on the instruction / 批示已落实';
const notFound = (id: string) => new Problem(404, 'Not Found / 未找到', `no instruction ${id} / 批示不存在`);
const badRequest = (detail: string, field: string, message: string) =>
  new Problem(400, 'Bad Request / 请求有误', detail, [{ field, message }]);

@CommandHandler(RecordInstructionCommand)
export class RecordInstructionHandler implements ICommandHandler<RecordInstructionCommand> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly plans: PublishedPlans,
  ) {}

  async execute({ principal, input, correlationId }: RecordInstructionCommand): Promise<InstructionSummary> {
    const notice = input.noticeId === undefined ? undefined : await noticeFacts(this.runtime, input.noticeId);
    // A notice names its task; a task named beside it must be that one (the rules check it).
    const taskId = input.taskId ?? notice?.taskId;
    if (taskId === undefined) {
      if (input.noticeId !== undefined)
        throw badRequest(`no notice ${input.noticeId} / 督办单不存在`, 'noticeId', 'unknown notice / 督办单不存在');
      throw badRequest('name a task or a notice / 请指定任务或督办单', 'taskId', 'taskId or noticeId is required / 任务与督办单须填写一项');
    }
    const task = await this.runtime.dataSource.getRepository(TaskRow).findOneBy({ id: taskId });
    if (!task) throw badRequest(`no task ${taskId} / 任务不存在`, 'taskId', 'unknown task / 任务不存在');
    // The task force GET /api/plans/:planId/task-force offers the console: the same positions are taken here.
    const taskForce = await this.plans.taskForce(task.planId);
    if (!taskForce) throw new Error(`plan ${task.planId} of task ${task.id} has no published version`);
    const { convener, deputyConveners } = taskForce;
    const chain = await this.plans.documentChain(task.planId, 'instruction');
    const instructionId = correlationId;
    const earlier = await earlierAnswer(this.runtime.store, instructionStreamId(instructionId), correlationId, INSTRUCTION_FOLD);
    if (earlier) return earlier;
    const record = {
      actor: actorOf(principal),
      correlationId,
      task: { planId: task.planId, taskId: task.id, leadUnits: task.leadUnits },
      ...(input.noticeId === undefined ? {} : { noticeId: input.noticeId, notice }),
      by: input.by,
      byUnit: input.byUnit,
      taskForce: { convener, deputyConveners },
      text: input.text,
    };
    try {
      // The rules the workflow applies, checked before a workflow is started for nothing.
      decideInstruction(
        { type: 'RecordInstruction', instructionId, now: new Date().toISOString(), ...record },
        initialInstructionState,
        chain,
      );
      return (await startDocument(this.runtime.temporal, {
        workflow: instructionWorkflow,
        start: {
          workflowId: instructionWorkflowId(instructionId),
          taskQueue: this.runtime.config.taskQueue,
          args: [{ instructionId, chain }],
        },
        update: recordInstructionUpdate,
        input: record,
      }))!;
    } catch (error) {
      return translateWorkflowError(error, ENDED);
    }
  }
}

/** 阅示 and 落实情况 (the lead unit): the row's Update on the instruction's workflow. */
@CommandHandler(ActOnInstruction)
export class ActOnInstructionHandler implements ICommandHandler<ActOnInstruction> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, documentId: id, action, body, correlationId }: ActOnInstruction): Promise<InstructionSummary> {
    const [first] = await this.runtime.store.readStream<InstructionEvent>(instructionStreamId(id), { limit: 1 });
    if (!first || first.type !== 'InstructionRecorded' || !visibleTo(principal, first.data.unitIds)) throw notFound(id);
    const by = { actor: actorOf(principal), correlationId };
    const workflow = this.runtime.temporal.workflow.getHandle(instructionWorkflowId(id));
    const lookup = { evidence: (ids: string[] | undefined) => evidenceFor(this.runtime, principal, ids, instructionStreamId(id)) };
    const answer = await runDocumentAction(INSTRUCTION_ACTIONS[action], workflow, by, body, lookup).catch((error: unknown) =>
      translateWorkflowError(error, ENDED),
    );
    return answer!;
  }
}

@QueryHandler(ListInstructions)
export class ListInstructionsHandler implements IQueryHandler<ListInstructions> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, filter }: ListInstructions): Promise<Page<InstructionView>> {
    const query = this.runtime.dataSource.getRepository(InstructionRow).createQueryBuilder('i');
    // A unit sees the instructions that went to it, nothing of other units'.
    if (principal.role === 'submitter') query.andWhere('i.unit_ids ? :own', { own: principal.unitId ?? '' });
    if (filter.taskId) query.andWhere('i.task_id = :taskId', { taskId: filter.taskId });
    if (filter.noticeId) query.andWhere('i.notice_id = :noticeId', { noticeId: filter.noticeId });
    if (filter.status) query.andWhere('i.status = :status', { status: filter.status });
    const page = await pageOf(query, INSTRUCTION_ORDER, filter);
    return { ...page, items: page.items.map((row) => view(row.state, row.history)) };
  }
}

/** The latest instruction first. */
const INSTRUCTION_ORDER: ReadonlyArray<PageKey<InstructionRow>> = [
  { sql: 'i.recorded_at', direction: 'DESC', of: (row) => row.recordedAt.toISOString() },
  { sql: 'i.id', direction: 'DESC', of: (row) => row.id },
];

@QueryHandler(GetInstruction)
export class GetInstructionHandler implements IQueryHandler<GetInstruction> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, instructionId }: GetInstruction): Promise<InstructionView> {
    const row = await this.runtime.dataSource.getRepository(InstructionRow).findOneBy({ id: instructionId });
    // An instruction the projector has not reached yet is folded from its own stream with the same function.
    const record = row ?? instructionReadModel.foldAll(await this.runtime.store.readStream(instructionStreamId(instructionId)));
    if (record.state.status === 'empty' || !visibleTo(principal, record.state.unitIds)) throw notFound(instructionId);
    return view(record.state, record.history);
  }
}

const view = (state: InstructionState, history: DocumentHistoryEntry[]): InstructionView => ({ ...summarizeInstruction(state)!, history });

const visibleTo = (principal: Principal, unitIds: string[]) =>
  principal.role !== 'submitter' || (principal.unitId !== null && unitIds.includes(principal.unitId));

export const INSTRUCTION_HANDLERS = [RecordInstructionHandler, ActOnInstructionHandler, ListInstructionsHandler, GetInstructionHandler];
