import { randomUUID } from 'node:crypto';
import { withAttachments, type AccountFacts, type AttachmentRef, type ReportSummary, type TaskFacts } from '@ledger/domain';
import {
  acknowledgeUpdate,
  approveUpdate,
  countersignUpdate,
  delegateUpdate,
  openUpdate,
  reclaimUpdate,
  rejectUpdate,
  resubmitUpdate,
  returnUpdate,
  transferUpdate,
  urgeUpdate,
  withdrawUpdate,
} from '@ledger/workflows';
import { actionRow } from '../http/document-actions';
import {
  AcknowledgeUrgeDto,
  CommentDto,
  HandOverDto,
  ReasonDto,
  ResubmitReportDto,
  ReturnReportDto,
  UrgeReportDto,
  WithdrawReportDto,
} from './dto';

/** What an action's input may need besides its body; the handler looks it up only when asked. */
export interface ReportLookup {
  /** The report's task as its rules read it now (a resubmission is checked against today's facts). */
  taskFacts(): Promise<TaskFacts>;
  /**
   * The account a report is handed to, as the directory has it (role, unit, disabled or not: the
   * rules refuse a disabled one); a 400 naming `toUsername` when there is none.
   */
  account(username: string): Promise<AccountFacts>;
  /** The account the report's current stage is transferred to, as the directory has it; none when it is not transferred. */
  assignee(): Promise<AccountFacts | undefined>;
  /** The caller's uploads named in `attachments`, linked to the report (a 400 naming `attachments` for unknown ones). */
  evidence(ids: string[] | undefined): Promise<AttachmentRef[] | undefined>;
}

const row = actionRow<ReportLookup, ReportSummary>();

/**
 * Everything that can be done to a report after it was submitted: `POST /api/reports/:id/<name>`.
 * The order is the order of the routes in the OpenAPI document.
 */
export const REPORT_ACTIONS = {
  resubmit: row({
    roles: ['submitter'],
    body: ResubmitReportDto,
    update: resubmitUpdate,
    input: async (body, lookup) => ({
      task: await lookup.taskFacts(),
      values: body.values,
      narrative: body.narrative,
      ...withAttachments(await lookup.evidence(body.attachments)),
    }),
  }),
  /** A reviewer opens the report (recorded; after this the unit can no longer withdraw it). */
  open: row({ roles: ['submitter', 'coordinator', 'office'], update: openUpdate, input: () => ({}) }),
  countersign: row({ roles: ['submitter'], body: CommentDto, update: countersignUpdate, input: (body) => ({ comment: body.comment }) }),
  approve: row({ roles: ['coordinator', 'office'], body: CommentDto, update: approveUpdate, input: (body) => ({ comment: body.comment }) }),
  reject: row({
    roles: ['submitter', 'coordinator', 'office'],
    body: ReasonDto,
    update: rejectUpdate,
    input: (body) => ({ reason: body.reason }),
  }),
  return: row({
    roles: ['coordinator', 'office'],
    body: ReturnReportDto,
    method: 'returnTo',
    update: returnUpdate,
    input: (body) => ({ toStage: body.toStage, reason: body.reason }),
  }),
  withdraw: row({ roles: ['submitter'], body: WithdrawReportDto, update: withdrawUpdate, input: (body) => ({ reason: body.reason }) }),
  urge: row({
    roles: ['coordinator', 'office'],
    body: UrgeReportDto,
    update: urgeUpdate,
    input: (body) => ({ urgeId: randomUUID(), message: body.message }),
  }),
  acknowledge: row({
    roles: ['submitter', 'coordinator', 'office'],
    body: AcknowledgeUrgeDto,
    update: acknowledgeUpdate,
    input: (body) => ({ urgeId: body.urgeId }),
  }),
  /** 转办: the account takes the report over. */
  transfer: row({
    roles: ['coordinator', 'office'],
    body: HandOverDto,
    update: transferUpdate,
    input: async (body, lookup) => ({ to: await lookup.account(body.toUsername) }),
  }),
  /** 委托: the account acts on the caller's behalf. */
  delegate: row({
    roles: ['coordinator', 'office'],
    body: HandOverDto,
    update: delegateUpdate,
    input: async (body, lookup) => ({ to: await lookup.account(body.toUsername) }),
  }),
  /** 收回: takes back a stage transferred to someone who can no longer act (disabled, or no longer in the stage's role). */
  reclaim: row({
    roles: ['coordinator', 'office'],
    update: reclaimUpdate,
    input: async (_body, lookup) => ({ assignee: await lookup.assignee() }),
  }),
};

export type ReportActionName = keyof typeof REPORT_ACTIONS;
