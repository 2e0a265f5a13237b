import type { Page, PageQueryDto as PageRequest } from '../http/paging';
import { Command, Query } from '@nestjs/cqrs';
import type { UrgeSummary } from '@ledger/domain';
import type { DocumentHistoryEntry } from '@ledger/read-models';
import type { Principal } from '../auth/principal';
import { ActOnDocument } from '../http/document-actions';
import type { UrgeActionName } from './actions';

/** An urge as the unit's 待办 and the office's list show it. */
export interface UrgeView extends UrgeSummary {
  history: DocumentHistoryEntry[];
}

export type UrgeSkipReason = 'already_urged' | 'already_reported';

/** What one 催报 action did, task by task. */
export interface UrgeOutcome {
  period: string;
  urged: Array<{ taskId: string; urgeId: string; unitIds: string[] }>;
  skipped: Array<{ taskId: string; urgeId: string; reason: UrgeSkipReason }>;
}

export class UrgeTasksCommand extends Command<UrgeOutcome> {
  constructor(
    readonly principal: Principal,
    readonly input: { taskIds: string[]; period: string; message?: string },
  ) {
    super();
  }
}

/** An action of URGE_ACTIONS on a recorded urge. */
export class ActOnUrge extends ActOnDocument<UrgeSummary, UrgeActionName> {}

export interface UrgeFilter extends PageRequest {
  period?: string;
  unitId?: string;
  status?: string;
  taskId?: string;
}

export class ListUrges extends Query<Page<UrgeView>> {
  constructor(
    readonly principal: Principal,
    readonly filter: UrgeFilter,
  ) {
    super();
  }
}
