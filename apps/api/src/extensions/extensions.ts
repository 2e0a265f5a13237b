import type { Page, PageQueryDto as PageRequest } from '../http/paging';
import { Command, Query } from '@nestjs/cqrs';
import type { ExtensionSummary } from '@ledger/domain';
import type { DocumentHistoryEntry } from '@ledger/read-models';
import type { Principal } from '../auth/principal';
import { ActOnDocument } from '../http/document-actions';
import type { ExtensionActionName } from './actions';

/** An extension request as its list and its page show it. */
export interface ExtensionView extends ExtensionSummary {
  history: DocumentHistoryEntry[];
}

export class RequestExtensionCommand extends Command<ExtensionSummary> {
  constructor(
    readonly principal: Principal,
    readonly input: { taskId: string; period?: string; noticeId?: string; until: string; reason: string },
    /** The request's (see requestCorrelationId): also the new document's id. */
    readonly correlationId: string,
  ) {
    super();
  }
}

/** An action of EXTENSION_ACTIONS on a request. */
export class ActOnExtension extends ActOnDocument<ExtensionSummary, ExtensionActionName> {}

export interface ExtensionFilter extends PageRequest {
  taskId?: string;
  status?: string;
  unitId?: string;
}

export class ListExtensions extends Query<Page<ExtensionView>> {
  constructor(
    readonly principal: Principal,
    readonly filter: ExtensionFilter,
  ) {
    super();
  }
}

export class GetExtension extends Query<ExtensionView> {
  constructor(
    readonly principal: Principal,
    readonly extensionId: string,
  ) {
    super();
  }
}
