import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { In } from 'typeorm';
import { inboxItem, loadInboxDone, ReportRow, TaskRow, waitingCondition, WAITING_ORDER_SQL } from '@ledger/read-models';
import { pageOf, type PageKey, type PageQueryDto } from '../http/paging';
import { LedgerRuntime } from '../runtime';
import { GetInbox, type InboxPage } from './queries';

/** Longest waiting first; the report id breaks ties (the last key of a page order is unique). */
const WAITING_ORDER: ReadonlyArray<PageKey<ReportRow>> = [
  { sql: WAITING_ORDER_SQL, direction: 'ASC', of: (row) => (row.stageEnteredAt ?? row.updatedAt).toISOString() },
  { sql: 'r.id', direction: 'ASC', of: (row) => row.id },
];

const INBOX_COLUMNS = [
  'id',
  'taskId',
  'period',
  'unitId',
  'status',
  'stage',
  'updatedAt',
  'stageEnteredAt',
  'stageDueAt',
  'overdue',
  'openUrges',
] as const satisfies ReadonlyArray<keyof ReportRow>;

/** The first page carries this many waiting reports unless the client asks for another size. */
export const DEFAULT_WAITING_PAGE = 100;

/**
 * The page of waiting reports asked for. Built field by field: a validated query object carries
 * `limit: undefined` when the client gave none, and spread over a default it would erase it.
 */
export function waitingPageRequest(page: PageQueryDto): { limit: number; cursor?: string } {
  return { limit: page.limit ?? DEFAULT_WAITING_PAGE, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
}

@QueryHandler(GetInbox)
export class GetInboxHandler implements IQueryHandler<GetInbox> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, page }: GetInbox): Promise<InboxPage> {
    const { accountId, role, unitId } = principal;
    const viewer = { accountId, role, unitId };
    const now = new Date().toISOString();
    const { sql, params } = waitingCondition(viewer);
    // Only the columns the inbox shows: a report row also carries its whole history and revisions.
    const query = this.runtime.dataSource
      .getRepository(ReportRow)
      .createQueryBuilder('r')
      .select(INBOX_COLUMNS.map((column) => `r.${column}`))
      .where(sql, params);
    const [waiting, done] = await Promise.all([
      pageOf(query, WAITING_ORDER, waitingPageRequest(page)),
      loadInboxDone(this.runtime.dataSource, viewer, now),
    ]);
    const taskIds = [...new Set(waiting.items.map((row) => row.taskId))];
    const tasks = taskIds.length > 0 ? await this.runtime.dataSource.getRepository(TaskRow).findBy({ id: In(taskIds) }) : [];
    const byId = new Map(tasks.map((task) => [task.id, task]));
    return {
      waiting: waiting.items.map((row) => inboxItem(row, byId.get(row.taskId), now)),
      done,
      ...(waiting.next ? { next: waiting.next } : {}),
    };
  }
}

export const INBOX_HANDLERS = [GetInboxHandler];
