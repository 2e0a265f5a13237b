import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { loadInbox, type Inbox } from '@ledger/read-models';
import { LedgerRuntime } from '../runtime';
import { GetInbox } from './queries';

@QueryHandler(GetInbox)
export class GetInboxHandler implements IQueryHandler<GetInbox> {
  constructor(private readonly runtime: LedgerRuntime) {}

  execute({ principal }: GetInbox): Promise<Inbox> {
    const { accountId, role, unitId } = principal;
    return loadInbox(this.runtime.dataSource, { accountId, role, unitId }, new Date().toISOString());
  }
}

export const INBOX_HANDLERS = [GetInboxHandler];
