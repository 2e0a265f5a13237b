import { pageOf, type Page, type PageKey } from '../http/paging';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  decideExtension,
  evolveExtension,
  extensionStreamId,
  initialExtensionState,
  summarizeExtension,
  type ExtensionEvent,
  type ExtensionState,
  type ExtensionSummary,
} from '@ledger/domain';
import { extensionReadModel, ExtensionRow, PlanRow, TaskRow, type DocumentHistoryEntry } from '@ledger/read-models';
import { extensionWorkflow, extensionWorkflowId, requestExtensionUpdate } from '@ledger/workflows';
import { actorOf, type Principal } from '../auth/principal';
import { runDocumentAction } from '../http/document-actions';
import { earlierAnswer, startDocument } from '../http/document-start';
import { Problem } from '../http/problem';
import { noticeFacts } from '../notices/facts';
import { translateWorkflowError } from '../reports/errors';
import { LedgerRuntime } from '../runtime';
import { PublishedPlans } from '../catalog/published-plans';
import { EXTENSION_ACTIONS } from './actions';
import { ActOnExtension, GetExtension, ListExtensions, RequestExtensionCommand, type ExtensionView } from './extensions';

const EXTENSION_FOLD = { initialState: initialExtensionState, evolve: evolveExtension, summarize: summarizeExtension };
const DECIDED = 'the request has been decided / 延期申请已审批';
const notFound = (id: string) => new Problem(404, 'Not Found / 未找到', `no extension request ${id} / 延期申请不存在`);

@CommandHandler(RequestExtensionCommand)
export class RequestExtensionHandler implements ICommandHandler<RequestExtensionCommand> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly plans: PublishedPlans,
  ) {}

  async execute({ principal, input, correlationId }: RequestExtensionCommand): Promise<ExtensionSummary> {
    const task = await this.runtime.dataSource.getRepository(TaskRow).findOneBy({ id: input.taskId });
    const plan = task && (await this.runtime.dataSource.getRepository(PlanRow).findOneBy({ id: task.planId }));
    if (!task || !plan)
      throw new Problem(400, 'Bad Request / 请求有误', `no task ${input.taskId} / 任务不存在`, [
        { field: 'taskId', message: 'unknown task / 任务不存在' },
      ]);
    const extensionId = correlationId;
    const earlier = await earlierAnswer(this.runtime.store, extensionStreamId(extensionId), correlationId, EXTENSION_FOLD);
    if (earlier) return earlier;
    const chain = await this.plans.documentChain(task.planId, 'extension');
    const request = {
      actor: actorOf(principal),
      correlationId,
      task: { planId: task.planId, taskId: task.id, leadUnits: task.leadUnits },
      plan: { year: plan.year, calendar: { period: 'monthly' as const, deadlineDay: plan.deadlineDay } },
      period: input.period,
      noticeId: input.noticeId,
      ...(input.noticeId === undefined ? {} : { notice: await noticeFacts(this.runtime, input.noticeId) }),
      until: input.until,
      reason: input.reason,
    };
    try {
      // The rules the workflow applies, checked before a workflow is started for nothing.
      decideExtension({ type: 'RequestExtension', extensionId, now: new Date().toISOString(), ...request }, initialExtensionState, chain);
      return (await startDocument(this.runtime.temporal, {
        workflow: extensionWorkflow,
        start: { workflowId: extensionWorkflowId(extensionId), taskQueue: this.runtime.config.taskQueue, args: [{ extensionId, chain }] },
        update: requestExtensionUpdate,
        input: request,
      }))!;
    } catch (error) {
      return translateWorkflowError(error, DECIDED);
    }
  }
}

/** 批准 and 不予延期 (the office): the row's Update on the request's workflow. */
@CommandHandler(ActOnExtension)
export class ActOnExtensionHandler implements ICommandHandler<ActOnExtension> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, documentId: id, action, body, correlationId }: ActOnExtension): Promise<ExtensionSummary> {
    const [first] = await this.runtime.store.readStream<ExtensionEvent>(extensionStreamId(id), { limit: 1 });
    if (!first || first.type !== 'ExtensionRequested' || !visibleTo(principal, first.data.unitId)) throw notFound(id);
    const by = { actor: actorOf(principal), correlationId };
    const workflow = this.runtime.temporal.workflow.getHandle(extensionWorkflowId(id));
    const answer = await runDocumentAction(EXTENSION_ACTIONS[action], workflow, by, body, {}).catch((error: unknown) =>
      translateWorkflowError(error, DECIDED),
    );
    return answer!;
  }
}

@QueryHandler(ListExtensions)
export class ListExtensionsHandler implements IQueryHandler<ListExtensions> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, filter }: ListExtensions): Promise<Page<ExtensionView>> {
    const query = this.runtime.dataSource.getRepository(ExtensionRow).createQueryBuilder('x');
    // A unit sees its own requests, nothing of other units'.
    if (principal.role === 'submitter') query.andWhere('x.unit_id = :own', { own: principal.unitId ?? '' });
    if (filter.taskId) query.andWhere('x.task_id = :taskId', { taskId: filter.taskId });
    if (filter.status) query.andWhere('x.status = :status', { status: filter.status });
    if (filter.unitId) query.andWhere('x.unit_id = :unit', { unit: filter.unitId });
    const page = await pageOf(query, EXTENSION_ORDER, filter);
    return { ...page, items: page.items.map((row) => view(row.state, row.history)) };
  }
}

/** The latest request first. */
const EXTENSION_ORDER: ReadonlyArray<PageKey<ExtensionRow>> = [
  { sql: 'x.requested_at', direction: 'DESC', of: (row) => row.requestedAt.toISOString() },
  { sql: 'x.id', direction: 'DESC', of: (row) => row.id },
];

@QueryHandler(GetExtension)
export class GetExtensionHandler implements IQueryHandler<GetExtension> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, extensionId }: GetExtension): Promise<ExtensionView> {
    const row = await this.runtime.dataSource.getRepository(ExtensionRow).findOneBy({ id: extensionId });
    // A request the projector has not reached yet is folded from its own stream with the same function.
    const record = row ?? extensionReadModel.foldAll(await this.runtime.store.readStream(extensionStreamId(extensionId)));
    if (record.state.status === 'empty' || !visibleTo(principal, record.state.unitId)) throw notFound(extensionId);
    return view(record.state, record.history);
  }
}

const view = (state: ExtensionState, history: DocumentHistoryEntry[]): ExtensionView => ({ ...summarizeExtension(state)!, history });

const visibleTo = (principal: Principal, unitId: string) => principal.role !== 'submitter' || principal.unitId === unitId;

export const EXTENSION_HANDLERS = [RequestExtensionHandler, ActOnExtensionHandler, ListExtensionsHandler, GetExtensionHandler];
