import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
} from '@temporalio/workflow';
import {
  CHINA_WORKING_DAYS,
  decideNotice,
  currentNoticeRules,
  escalationKey,
  evolveNotice,
  initialNoticeState,
  noticeStreamId,
  pendingDeadline,
  summarizeNotice,
  SYSTEM_ACTOR,
  targetStreamId,
  type IssueNotice,
  type NoticeCommand,
  withAttachments,
  type AttachmentRef,
  type NoticeContext,
  type NoticeEvent,
  type GivenNoticeRules,
  type NoticeState,
  type NoticeSummary,
} from '@ledger/domain';
import { actedBefore, documentRunner, signalIfRunning, type By, type StoredStream } from './document';

export type IssueNoticeInput = By & Pick<IssueNotice, 'task' | 'unitIds' | 'level' | 'cause' | 'matter' | 'periods' | 'dueDate'>;
export type RespondNoticeInput = By & { measures: string; expectedBy: string; evidence: string[]; attachments?: AttachmentRef[] };
export type NoticeReasonInput = By & { reason: string };
export type NoticeCommentInput = By & { comment?: string };
export type ExtendNoticeInput = By & { extensionId: string; until: string };

/** What supervision tells an open notice it issued. */
export type NoticeSupervision = { kind: 'add_period'; period: string } | { kind: 'clear_cause'; detail: string };

export const issueNoticeUpdate = defineUpdate<NoticeSummary | null, [IssueNoticeInput]>('issueNotice');
export const acknowledgeNoticeUpdate = defineUpdate<NoticeSummary | null, [By]>('acknowledgeNotice');
export const respondNoticeUpdate = defineUpdate<NoticeSummary | null, [RespondNoticeInput]>('respondNotice');
export const returnNoticeUpdate = defineUpdate<NoticeSummary | null, [NoticeReasonInput]>('returnNotice');
export const closeNoticeUpdate = defineUpdate<NoticeSummary | null, [NoticeCommentInput]>('closeNotice');
export const extendNoticeUpdate = defineUpdate<NoticeSummary | null, [ExtendNoticeInput]>('extendNotice');
export const noticeSupervisionSignal = defineSignal<[NoticeSupervision]>('noticeSupervision');
export const noticeSummaryQuery = defineQuery<NoticeSummary | null>('noticeSummary');
/** Told to the task's supervision when a notice it issued is closed (销号): a new one may follow for that cause. */
export const noticeClosedSignal = defineSignal<[{ noticeId: string }]>('noticeClosed');

export interface NoticeWorkflowInput {
  noticeId: string;
  /** The plan's notice rules; the defaults when the plan names none. */
  rules?: GivenNoticeRules;
  /** Set when supervision issues the notice: it is issued as the workflow starts. */
  issue?: IssueNoticeInput;
  /** The document's stream so far, when reconcile starts its workflow again (Temporal's state was lost). */
  stored?: StoredStream<NoticeEvent>;
}

/** How long a notice started by hand waits for its issue before the workflow gives up. */
const ISSUE_WINDOW = '1 hour';

export function noticeWorkflowId(noticeId: string): string {
  return noticeStreamId(noticeId);
}

/**
 * One 督办单 (id `notice-<noticeId>`, also its stream): issued → 签收 → 整改反馈 → 核查 → 销号,
 * or 退回 to the unit. While the unit owes an act, the deadline's timer waits; a deadline passed
 * unmet raises the level (蓝→黄→红) once, and the office sees it on the board.
 */
export async function noticeWorkflow(input: NoticeWorkflowInput): Promise<NoticeSummary | null> {
  const { noticeId } = input;
  const context: NoticeContext = { rules: currentNoticeRules(input.rules), calendar: CHINA_WORKING_DAYS };
  const runner = documentRunner<NoticeCommand, NoticeEvent, NoticeState, NoticeSummary | null>(
    {
      streamId: noticeStreamId(noticeId),
      stored: input.stored,
      initial: initialNoticeState,
      decide: (command, state) => decideNotice(command, state, context),
      evolve: evolveNotice,
    },
    summarizeNotice,
  );
  const issue = (i: IssueNoticeInput, at: string): NoticeCommand => ({
    type: 'IssueNotice',
    actor: i.actor,
    now: at,
    noticeId,
    task: i.task,
    unitIds: i.unitIds,
    level: i.level,
    cause: i.cause,
    matter: i.matter,
    periods: i.periods,
    dueDate: i.dueDate,
  });
  // A signal or Update that reached the server with the start is delivered the moment its handler is
  // set. So supervision's notice is decided before any handler is set, and supervision's word is
  // listened to before the people's operations (the SDK delivers what waited handler by handler):
  // both then find the notice issued, supervision's word first, instead of being refused on an empty
  // notice. Notices started before this keep their order on replay.
  const issuedFirst =
    input.issue && patched('notice-issued-before-handlers')
      ? runner.execute(issue(input.issue, runner.now()), input.issue.correlationId)
      : undefined;
  if (issuedFirst) listenToSupervision();
  runner.operation(issueNoticeUpdate, issue);
  runner.operation(acknowledgeNoticeUpdate, (i, at) => ({ type: 'AcknowledgeNotice', actor: i.actor, now: at }));
  runner.operation(respondNoticeUpdate, (i, at) => ({
    type: 'RespondToNotice',
    actor: i.actor,
    now: at,
    measures: i.measures,
    expectedBy: i.expectedBy,
    evidence: i.evidence,
    ...withAttachments(i.attachments),
  }));
  runner.operation(returnNoticeUpdate, (i, at) => ({ type: 'ReturnNotice', actor: i.actor, now: at, reason: i.reason }));
  runner.operation(closeNoticeUpdate, (i, at) => ({ type: 'CloseNotice', actor: i.actor, now: at, comment: i.comment }));
  runner.operation(extendNoticeUpdate, (i, at) => ({
    type: 'ExtendNoticeDeadline',
    actor: i.actor,
    now: at,
    extensionId: i.extensionId,
    until: i.until,
  }));
  if (!issuedFirst) listenToSupervision();
  setHandler(noticeSummaryQuery, () => summarizeNotice(runner.state()));

  if (issuedFirst) await issuedFirst;
  else if (input.issue) await runner.execute(issue(input.issue, runner.now()), input.issue.correlationId);
  if (await condition(() => runner.state().status !== 'empty', ISSUE_WINDOW)) {
    while (runner.state().status !== 'closed') await waitForNextAct();
  }
  await runner.settled();
  await condition(allHandlersFinished);
  await tellSupervisionClosed();
  return summarizeNotice(runner.state());

  /** Supervision's word: a period still missing, or the cause cleared (the reports are signed off). */
  function listenToSupervision(): void {
    setHandler(noticeSupervisionSignal, (told) => {
      const at = runner.now();
      const command: NoticeCommand =
        told.kind === 'add_period'
          ? { type: 'AddNoticePeriod', actor: SYSTEM_ACTOR, now: at, period: told.period }
          : { type: 'ClearNoticeCause', actor: SYSTEM_ACTOR, now: at, detail: told.detail };
      // Supervision's word is a fact for the notice; one the rules refuse (the notice closed meanwhile) is only logged.
      void runner
        .execute(command, `notice-${noticeId}/${told.kind}/${at}`)
        .catch((error: Error) => log.warn('supervision word refused', { noticeId, told, error: error.message }));
    });
  }

  async function tellSupervisionClosed(): Promise<void> {
    const state = runner.state();
    if (state.status !== 'closed' || state.cause === 'manual') return;
    await signalIfRunning(getExternalWorkflowHandle(targetStreamId(state.taskId)), noticeClosedSignal, { noticeId });
  }

  /** Waits for the unit's act or the deadline, whichever comes first; a missed deadline is recorded once. */
  async function waitForNextAct(): Promise<void> {
    const before = runner.state();
    const changed = () => runner.state() !== before;
    const pending = pendingDeadline(before);
    const escalated = pending && before.status !== 'empty' && before.escalated.includes(escalationKey(pending.deadline, pending.dueAt));
    if (!pending || escalated) return void (await condition(changed));
    if (await actedBefore(changed, pending.dueAt)) return;
    await runner.execute(
      { type: 'EscalateNotice', actor: SYSTEM_ACTOR, now: runner.now(), deadline: pending.deadline },
      `notice-${noticeId}/${escalationKey(pending.deadline, pending.dueAt)}`,
    );
  }
}
