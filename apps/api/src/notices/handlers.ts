import { pageOf, type Page, type PageKey } from '../http/paging';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  decideNotice,
  evolveNotice,
  initialNoticeState,
  noticeStreamId,
  summarizeNotice,
  type NoticeEvent,
  type NoticeIssued,
  type NoticeSummary,
} from '@ledger/domain';
import { aggregateStream } from '@ledger/event-store';
import { applyNoticeEvent, NoticeRow, TaskRow } from '@ledger/read-models';
import { issueNoticeUpdate, noticeWorkflow, noticeWorkflowId } from '@ledger/workflows';
import { evidenceFor } from '../attachments/evidence';
import { actorOf, type Principal } from '../auth/principal';
import { runDocumentAction } from '../http/document-actions';
import { earlierAnswer, startDocument } from '../http/document-start';
import { Problem } from '../http/problem';
import { translateWorkflowError } from '../reports/errors';
import { PublishedPlans } from '../catalog/published-plans';
import { LedgerRuntime } from '../runtime';
import { NOTICE_ACTIONS } from './actions';
import { ActOnNotice, GetNotice, IssueNoticeCommand, ListNotices, type NoticeView } from './notices';

const NOTICE_FOLD = { initialState: initialNoticeState, evolve: evolveNotice, summarize: summarizeNotice };
const CLOSED = 'the notice is closed / 督办单已销号';
const notFound = (id: string) => new Problem(404, 'Not Found / 未找到', `no notice ${id} / 督办单不存在`);

@CommandHandler(IssueNoticeCommand)
export class IssueNoticeHandler implements ICommandHandler<IssueNoticeCommand> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly plans: PublishedPlans,
  ) {}

  async execute({ principal, input, correlationId }: IssueNoticeCommand): Promise<NoticeSummary> {
    const task = await this.runtime.dataSource.getRepository(TaskRow).findOneBy({ id: input.taskId });
    if (!task)
      throw new Problem(400, 'Bad Request / 请求有误', `no task ${input.taskId} / 任务不存在`, [
        { field: 'taskId', message: 'unknown task / 任务不存在' },
      ]);
    const noticeId = correlationId;
    const earlier = await earlierAnswer(this.runtime.store, noticeStreamId(noticeId), correlationId, NOTICE_FOLD);
    if (earlier) return earlier;
    const issue = {
      actor: actorOf(principal),
      correlationId,
      task: { planId: task.planId, taskId: task.id, leadUnits: task.leadUnits },
      unitIds: input.unitIds,
      level: input.level,
      cause: 'manual' as const,
      matter: input.matter,
      periods: [],
      dueDate: input.dueDate,
    };
    try {
      // The rules the workflow applies (the plan's), checked before a workflow is started for nothing.
      const rules = await this.plans.noticeRules(task.planId);
      decideNotice({ type: 'IssueNotice', noticeId, now: new Date().toISOString(), ...issue }, initialNoticeState, { rules });
      return (await startDocument(this.runtime.temporal, {
        workflow: noticeWorkflow,
        start: { workflowId: noticeWorkflowId(noticeId), taskQueue: this.runtime.config.taskQueue, args: [{ noticeId, rules }] },
        update: issueNoticeUpdate,
        input: issue,
      }))!;
    } catch (error) {
      return translateWorkflowError(error, CLOSED);
    }
  }
}

/** 签收, 整改反馈 (the unit), 退回 and 销号 (the office): the row's Update on the notice workflow. */
@CommandHandler(ActOnNotice)
export class ActOnNoticeHandler implements ICommandHandler<ActOnNotice> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, documentId: noticeId, action, body, correlationId }: ActOnNotice): Promise<NoticeSummary> {
    await issuedNotice(this.runtime, principal, noticeId);
    const by = { actor: actorOf(principal), correlationId };
    const workflow = this.runtime.temporal.workflow.getHandle(noticeWorkflowId(noticeId));
    const lookup = { evidence: (ids: string[] | undefined) => evidenceFor(this.runtime, principal, ids, noticeStreamId(noticeId)) };
    const answer = await runDocumentAction(NOTICE_ACTIONS[action], workflow, by, body, lookup).catch((error: unknown) =>
      translateWorkflowError(error, CLOSED),
    );
    return answer!;
  }
}

@QueryHandler(ListNotices)
export class ListNoticesHandler implements IQueryHandler<ListNotices> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, filter }: ListNotices): Promise<Page<NoticeView>> {
    const query = this.runtime.dataSource.getRepository(NoticeRow).createQueryBuilder('n');
    // A unit sees the notices sent to it, nothing of other units'.
    if (principal.role === 'submitter') query.andWhere('n.unit_ids ? :own', { own: principal.unitId ?? '' });
    if (filter.status === 'open') query.andWhere(`n.status <> 'closed'`);
    else if (filter.status) query.andWhere('n.status = :status', { status: filter.status });
    if (filter.level) query.andWhere('n.level = :level', { level: filter.level });
    if (filter.unitId) query.andWhere('n.unit_ids ? :unit', { unit: filter.unitId });
    if (filter.taskId) query.andWhere('n.task_id = :taskId', { taskId: filter.taskId });
    const page = await pageOf(query, NOTICE_ORDER, filter);
    return { ...page, items: page.items.map((row) => noticeView(row.state, row.history)) };
  }
}

@QueryHandler(GetNotice)
export class GetNoticeHandler implements IQueryHandler<GetNotice> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, noticeId }: GetNotice): Promise<NoticeView> {
    const row = await this.runtime.dataSource.getRepository(NoticeRow).findOneBy({ id: noticeId });
    // A notice the projector has not reached yet is folded from its own stream with the same function.
    const record = row ? { state: row.state, history: row.history } : await foldFromStream(this.runtime, noticeId);
    if (!record || record.state.status === 'empty' || !visibleTo(principal, record.state.unitIds)) throw notFound(noticeId);
    return noticeView(record.state, record.history);
  }
}

const visibleTo = (principal: Principal, unitIds: string[]) =>
  principal.role !== 'submitter' || (principal.unitId !== null && unitIds.includes(principal.unitId));

/** The notice's issue as its own stream states it (commands do not wait for the projector); 404 for a unit it was not sent to. */
async function issuedNotice(runtime: LedgerRuntime, principal: Principal, noticeId: string): Promise<NoticeIssued> {
  const [first] = await runtime.store.readStream<NoticeEvent>(noticeStreamId(noticeId), { limit: 1 });
  if (!first || first.type !== 'NoticeIssued') throw notFound(noticeId);
  const issued = first.data;
  if (!visibleTo(principal, issued.unitIds)) throw notFound(noticeId);
  return issued;
}

async function foldFromStream(runtime: LedgerRuntime, noticeId: string) {
  const initialState = {
    state: initialNoticeState,
    history: [] as NoticeView['history'],
    closedAt: null as string | null,
    lastPosition: 0,
  };
  return (await aggregateStream(runtime.store, noticeStreamId(noticeId), { evolve: applyNoticeEvent, initialState })).state;
}

function noticeView(state: NoticeRow['state'], history: NoticeView['history']): NoticeView {
  if (state.status === 'empty') throw new Error('a notice on the board has been issued');
  const { noticeId, taskId, unitIds, level, cause, matter, periods, status, issuedAt, acknowledgeBy, dueAt, causeCleared } = state;
  return {
    id: noticeId,
    taskId,
    unitId: unitIds[0]!,
    unitIds,
    level,
    cause,
    matter,
    periods,
    status,
    issuedAt,
    acknowledgeBy,
    dueAt,
    causeCleared,
    ...(state.status === 'responded' ? { response: state.response } : {}),
    history,
  };
}

export const NOTICE_HANDLERS = [IssueNoticeHandler, ActOnNoticeHandler, ListNoticesHandler, GetNoticeHandler];

const LEVEL_RANK: Record<string, number> = { red: 0, yellow: 1, blue: 2 };
/** Red first, then yellow, then blue; the oldest open matter first within a colour. */
const NOTICE_ORDER: ReadonlyArray<PageKey<NoticeRow>> = [
  { sql: `case n.level when 'red' then 0 when 'yellow' then 1 else 2 end`, direction: 'ASC', of: (row) => LEVEL_RANK[row.level] ?? 2 },
  { sql: 'n.issued_at', direction: 'ASC', of: (row) => row.issuedAt.toISOString() },
  { sql: 'n.id', direction: 'ASC', of: (row) => row.id },
];
