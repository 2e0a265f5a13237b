import { Query } from '@nestjs/cqrs';
import type { Inbox } from '@ledger/read-models';
import type { Principal } from '../auth/principal';

/** What waits for the principal (by role, unit, transfers and delegations) and what it has done. */
export class GetInbox extends Query<Inbox> {
  constructor(readonly principal: Principal) {
    super();
  }
}
