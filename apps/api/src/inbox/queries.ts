import { Query } from '@nestjs/cqrs';
import type { Inbox } from '@ledger/read-models';
import type { Principal } from '../auth/principal';
import type { PageQueryDto } from '../http/paging';

/**
 * What waits for the principal (by role, unit, transfers and delegations), a page of it, longest
 * waiting first; and the latest of what it has done. `next` is the cursor of the next page of
 * what waits, while more remains.
 */
export interface InboxPage extends Inbox {
  /** The cursor of the next page of what waits, while more remains (also in `Link: rel="next"`). */
  next?: string;
}

export class GetInbox extends Query<InboxPage> {
  constructor(
    readonly principal: Principal,
    readonly page: PageQueryDto = {},
  ) {
    super();
  }
}
