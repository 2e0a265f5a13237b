import { withAttachments, type AttachmentRef, type NoticeSummary } from '@ledger/domain';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { acknowledgeNoticeUpdate, closeNoticeUpdate, respondNoticeUpdate, returnNoticeUpdate } from '@ledger/workflows';
import { actionRow } from '../http/document-actions';
import { NoticeCommentDto, NoticeReasonDto, RespondNoticeDto } from './dto';

/** Besides their bodies, a notice's actions need only the uploads an answer names. */
export interface NoticeLookup {
  evidence(ids: string[] | undefined): Promise<AttachmentRef[] | undefined>;
}

// The workflow's summary is null only before the issue; the handler acts on issued notices only.
const row = actionRow<NoticeLookup, NoticeSummary | null>();
/** Who could ever act (the gate before anything is read); the plan's chain decides who may. */
const ROLES = DOCUMENT_ACTION_ROLES.notice;

/**
 * 签收 and 整改反馈 (the unit it went to), 退回 and 销号 (the office): `POST /api/notices/:id/<name>`.
 * The order is the order of the routes in the OpenAPI document.
 */
export const NOTICE_ACTIONS = {
  acknowledge: row({ roles: ROLES.acknowledge, update: acknowledgeNoticeUpdate, input: () => ({}) }),
  respond: row({
    roles: ROLES.respond,
    body: RespondNoticeDto,
    update: respondNoticeUpdate,
    input: async (body, lookup) => ({
      measures: body.measures,
      expectedBy: body.expectedBy,
      evidence: body.evidence ?? [],
      ...withAttachments(await lookup.evidence(body.attachments)),
    }),
  }),
  return: row({
    roles: ROLES.return,
    body: NoticeReasonDto,
    method: 'returnToUnit',
    update: returnNoticeUpdate,
    input: (body) => ({ reason: body.reason }),
  }),
  close: row({
    roles: ROLES.close,
    body: NoticeCommentDto,
    update: closeNoticeUpdate,
    input: (body) => ({ comment: body.comment }),
  }),
};

export type NoticeActionName = keyof typeof NOTICE_ACTIONS;
