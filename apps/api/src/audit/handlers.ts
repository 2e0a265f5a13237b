import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { verifyAudit, type AuditVerification } from '@ledger/attachments';
import { LedgerRuntime } from '../runtime';
import { recordAccess, visibleTask } from './access';
import { GetTargetHistory, VerifyChain } from './queries';
import { loadTargetHistory, type TargetHistory } from './target-history';

@QueryHandler(GetTargetHistory)
export class GetTargetHistoryHandler implements IQueryHandler<GetTargetHistory> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, taskId, asOf, use, page }: GetTargetHistory): Promise<TargetHistory> {
    const task = await visibleTask(this.runtime, principal, taskId);
    await recordAccess(this.runtime, principal, {
      what: use === 'view' ? 'target-history' : 'target-history-export',
      taskId,
      ...(asOf ? { asOf } : {}),
      ...(use === 'view' ? {} : { format: use }),
    });
    return loadTargetHistory(this.runtime, task, asOf, page);
  }
}

@QueryHandler(VerifyChain)
export class VerifyChainHandler implements IQueryHandler<VerifyChain> {
  constructor(private readonly runtime: LedgerRuntime) {}

  execute(): Promise<AuditVerification> {
    return verifyAudit(this.runtime.store, this.runtime.attachments.blobs);
  }
}

export const AUDIT_HANDLERS = [GetTargetHistoryHandler, VerifyChainHandler];
