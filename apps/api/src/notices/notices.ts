import type { Page, PageQueryDto as PageRequest } from '../http/paging';
import { Command, Query } from '@nestjs/cqrs';
import type { AttachmentRef, NoticeCause, NoticeLevel, NoticeSummary } from '@ledger/domain';
import type { NoticeHistoryEntry } from '@ledger/read-models';
import type { Principal } from '../auth/principal';
import { ActOnDocument } from '../http/document-actions';
import type { NoticeActionName } from './actions';

/** A notice as the board and its page show it. */
export interface NoticeView {
  id: string;
  taskId: string;
  /** The first unit it went to (the owner of the indicators concerned); `unitIds` lists all. */
  unitId: string;
  unitIds: string[];
  level: NoticeLevel;
  cause: NoticeCause;
  matter: string;
  periods: string[];
  status: NoticeSummary['status'];
  issuedAt: string;
  acknowledgeBy: string;
  dueAt: string;
  /** 可销号: the cause has gone away. */
  causeCleared: boolean;
  response?: { measures: string; expectedBy: string; evidence: string[]; attachments?: AttachmentRef[]; at: string };
  history: NoticeHistoryEntry[];
}

export class IssueNoticeCommand extends Command<NoticeSummary> {
  constructor(
    readonly principal: Principal,
    readonly input: { taskId: string; level: NoticeLevel; matter: string; dueDate: string; unitIds?: string[] },
    /** The request's (see requestCorrelationId): also the new document's id. */
    readonly correlationId: string,
  ) {
    super();
  }
}

/** An action of NOTICE_ACTIONS on an issued notice. */
export class ActOnNotice extends ActOnDocument<NoticeSummary, NoticeActionName> {}

export interface NoticeFilter extends PageRequest {
  status?: string;
  level?: string;
  unitId?: string;
  taskId?: string;
}

export class ListNotices extends Query<Page<NoticeView>> {
  constructor(
    readonly principal: Principal,
    readonly filter: NoticeFilter,
  ) {
    super();
  }
}

export class GetNotice extends Query<NoticeView> {
  constructor(
    readonly principal: Principal,
    readonly noticeId: string,
  ) {
    super();
  }
}
