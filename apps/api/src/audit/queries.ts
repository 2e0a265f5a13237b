import { Query } from '@nestjs/cqrs';
import type { AuditVerification } from '@ledger/attachments';
import type { Principal } from '../auth/principal';
import type { HistoryPageRequest, TargetHistory } from './target-history';

/** A task's state at a moment, replayed from the event store; the read is itself recorded. */
export class GetTargetHistory extends Query<TargetHistory> {
  constructor(
    readonly principal: Principal,
    readonly taskId: string,
    readonly asOf: string | undefined,
    /** How the history leaves: on screen, or exported as a file. */
    readonly use: 'view' | 'json' | 'xlsx',
    /** Which page of the timeline: on screen one page at a time; an export takes it whole. */
    readonly page: HistoryPageRequest | 'all' = use === 'view' ? {} : 'all',
  ) {
    super();
  }
}

/** Walks the event store's hash chain and checks every evidence file its events name. */
export class VerifyChain extends Query<AuditVerification> {}
