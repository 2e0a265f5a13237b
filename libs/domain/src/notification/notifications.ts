import type { Role } from '../actors';
import type { BulletinEvent } from '../bulletin/events';
import type { ExtensionEvent } from '../extension/events';
import type { InstructionEvent } from '../instruction/events';
import type { NoticeEvent } from '../notice/events';
import type { ReportEvent } from '../report/events';
import type { UrgeEvent } from '../urge/events';

/**
 * Notifications: every event that asks something of a person becomes a notification for the
 * people concerned. They are addressed by ids and roles only (personal data stays out of the
 * log and of this mapping); the words are rendered when a person reads one or a channel
 * delivers it. Pure: the projector applies it to each event in order.
 */

/** Who is asked: one account, or every holder of a role (of one unit, for a unit's accounts). */
export type Audience = { accountId: string } | { role: Role; unitId?: string };

export type NotificationKind =
  /** A report waits at the reader's stage (会签, 审核, 签发). */
  | 'report_waiting'
  /** The unit's report was sent back (驳回 or 退回 to the unit). */
  | 'report_returned'
  /** A stage's deadline is near (临近提醒), passed (已超期) or passed long ago (escalated to the next level). */
  | 'report_due_soon'
  | 'report_overdue'
  | 'report_escalated'
  /** 催办 of a report waiting at the reader's stage. */
  | 'report_urged'
  /** A report's stage was transferred or delegated to the reader. */
  | 'report_handed_over'
  /** 催报: the unit has not reported for a period. */
  | 'task_urged'
  | 'notice_issued'
  | 'notice_escalated'
  | 'notice_returned'
  /** The unit answered: the office checks it (待核查). */
  | 'notice_responded'
  | 'extension_requested'
  | 'extension_decided'
  | 'instruction_recorded'
  /** A 督查通报 was signed off: each member unit is asked to read it (已阅). */
  | 'bulletin_published';

export type DocumentKindName = 'report' | 'notice' | 'urge' | 'extension' | 'instruction' | 'bulletin';

/** One notification as the rules draw it; the projector gives it an id (its event's id and its place). */
export interface NotificationDraft {
  kind: NotificationKind;
  audience: Audience;
  documentKind: DocumentKindName;
  documentId: string;
  taskId: string;
  /** Codes and numbers the words are rendered from (stage, period, level, …): never a name. */
  facts: Record<string, string | number | boolean>;
}

/**
 * What the rules remember of a document from its first event, to address what follows: a
 * report's unit and stage roles, a notice's units, a request's unit. It never changes after.
 */
export type DocumentMemo =
  | {
      kind: 'report';
      taskId: string;
      period: string;
      unitId: string;
      countersignUnit?: string;
      stages: Array<{ id: string; role: Role }>;
    }
  | { kind: 'notice'; taskId: string; unitIds: string[] }
  | { kind: 'extension'; taskId: string; unitId: string };

export type NotifyingEvent = ReportEvent | NoticeEvent | UrgeEvent | ExtensionEvent | InstructionEvent | BulletinEvent;

/** Which document an event belongs to: the memo's key. */
export function documentOf(event: NotifyingEvent): { kind: DocumentKindName; id: string } {
  const data = event.data as unknown as Record<string, unknown>;
  if ('reportId' in data) return { kind: 'report', id: String(data['reportId']) };
  if ('noticeId' in data && event.type.startsWith('Notice')) return { kind: 'notice', id: String(data['noticeId']) };
  if ('urgeId' in data) return { kind: 'urge', id: String(data['urgeId']) };
  if ('extensionId' in data) return { kind: 'extension', id: String(data['extensionId']) };
  if ('bulletinId' in data) return { kind: 'bulletin', id: String(data['bulletinId']) };
  return { kind: 'instruction', id: String(data['instructionId']) };
}

/** The memo an event starts (the first event of its document), if any. */
export function memoOf(event: NotifyingEvent): DocumentMemo | undefined {
  switch (event.type) {
    case 'ReportSubmitted': {
      const { taskId, period, unitId, countersignUnit, chain } = event.data;
      return {
        kind: 'report',
        taskId,
        period,
        unitId,
        ...(countersignUnit ? { countersignUnit } : {}),
        stages: chain.stages.map((stage) => ({ id: stage.id, role: stage.role })),
      };
    }
    case 'NoticeIssued':
      return { kind: 'notice', taskId: event.data.taskId, unitIds: event.data.unitIds };
    case 'ExtensionRequested':
      return { kind: 'extension', taskId: event.data.taskId, unitId: event.data.unitId };
    default:
      return undefined;
  }
}

/** The notifications an event calls for, given its document's memo (from its first event). */
export function notificationsOf(event: NotifyingEvent, memo: DocumentMemo | undefined): NotificationDraft[] {
  const { kind: documentKind, id: documentId } = documentOf(event);
  const draft = (
    kind: NotificationKind,
    audience: Audience,
    taskId: string,
    facts: NotificationDraft['facts'] = {},
  ): NotificationDraft => ({
    kind,
    audience,
    documentKind,
    documentId,
    taskId,
    facts,
  });
  switch (event.type) {
    case 'TaskUrged':
      return event.data.unitIds.map((unitId) => draft('task_urged', unit(unitId), event.data.taskId, { period: event.data.period }));
    case 'NoticeIssued':
      return event.data.unitIds.map((unitId) =>
        draft('notice_issued', unit(unitId), event.data.taskId, { level: event.data.level, dueAt: event.data.dueAt }),
      );
    case 'InstructionRecorded':
      return event.data.unitIds.map((unitId) => draft('instruction_recorded', unit(unitId), event.data.taskId, { by: event.data.by.role }));
    case 'BulletinPublished': {
      // A bulletin concerns no one task: the task id stays empty, the period names it.
      const period = event.data.figures.period;
      return event.data.memberUnits.map((unitId) => draft('bulletin_published', unit(unitId), '', { period, version: event.data.version }));
    }
    case 'ExtensionRequested':
      // The office decides (the chain may name others: they see it on the list of requests).
      return [draft('extension_requested', { role: 'office' }, event.data.taskId, { unitId: event.data.unitId, until: event.data.until })];
    default:
      return memo ? followUps(event, memo, draft) : [];
  }
}

type Draw = (kind: NotificationKind, audience: Audience, taskId: string, facts?: NotificationDraft['facts']) => NotificationDraft;

function followUps(event: NotifyingEvent, memo: DocumentMemo, draft: Draw): NotificationDraft[] {
  if (memo.kind === 'report') return reportFollowUps(event, memo, draft);
  if (memo.kind === 'notice') {
    const toUnits = (kind: NotificationKind, facts: NotificationDraft['facts']) =>
      memo.unitIds.map((unitId) => draft(kind, unit(unitId), memo.taskId, facts));
    switch (event.type) {
      case 'NoticeEscalated':
        // The unit is told, and so is the office (the "the office is told").
        return [
          ...toUnits('notice_escalated', { level: event.data.to, deadline: event.data.deadline }),
          draft('notice_escalated', { role: 'office' }, memo.taskId, { level: event.data.to, deadline: event.data.deadline }),
        ];
      case 'NoticeReturned':
        return toUnits('notice_returned', { dueAt: event.data.dueAt });
      case 'NoticeResponded':
        return [draft('notice_responded', { role: 'coordinator' }, memo.taskId, { unitId: event.data.unitId })];
      default:
        return [];
    }
  }
  if (event.type === 'ExtensionApproved' || event.type === 'ExtensionRefused')
    return [draft('extension_decided', unit(memo.unitId), memo.taskId, { approved: event.type === 'ExtensionApproved' })];
  return [];
}

function reportFollowUps(event: NotifyingEvent, memo: Extract<DocumentMemo, { kind: 'report' }>, draft: Draw): NotificationDraft[] {
  const { taskId, period } = memo;
  /** The holders of a stage: the co-lead unit at a countersign stage, the role elsewhere. */
  const holders = (stageId: string): Audience | undefined => {
    const stage = memo.stages.find((s) => s.id === stageId);
    if (!stage) return undefined;
    if (stage.role === 'submitter') return memo.countersignUnit ? unit(memo.countersignUnit) : undefined;
    return { role: stage.role };
  };
  const atStage = (kind: NotificationKind, stageId: string, facts: NotificationDraft['facts'] = {}) => {
    const audience = holders(stageId);
    return audience ? [draft(kind, audience, taskId, { period, stage: stageId, ...facts })] : [];
  };
  switch (event.type) {
    case 'ReportSubmitted':
    case 'ReportResubmitted':
      return atStage('report_waiting', event.data.stage);
    case 'ReportApproved':
    case 'ReportCountersigned':
      return atStage('report_waiting', event.data.nextStage);
    case 'ReportReturned':
      return atStage('report_waiting', event.data.toStage, { returned: true });
    case 'ReportRejected':
      return [draft('report_returned', unit(memo.unitId), taskId, { period, stage: event.data.stage })];
    case 'StageReminderSent':
      return atStage('report_due_soon', event.data.stage, { dueAt: event.data.dueAt });
    case 'StageOverdue':
      return atStage('report_overdue', event.data.stage, { dueAt: event.data.dueAt });
    case 'StageEscalated':
      return [
        draft('report_escalated', { role: event.data.escalatedTo as Role }, taskId, {
          period,
          stage: event.data.stage,
          dueAt: event.data.dueAt,
        }),
      ];
    case 'ReportUrged': {
      const audience: Audience = event.data.urgedUnitId ? unit(event.data.urgedUnitId) : { role: event.data.urgedRole as Role };
      return [draft('report_urged', audience, taskId, { period, stage: event.data.stage })];
    }
    case 'ReportTransferred':
      return [draft('report_handed_over', { accountId: event.data.toActorId }, taskId, { period, stage: event.data.stage })];
    case 'ReportDelegated':
      return [draft('report_handed_over', { accountId: event.data.delegateId }, taskId, { period, stage: event.data.stage })];
    default:
      return [];
  }
}

const unit = (unitId: string): Audience => ({ role: 'submitter', unitId });

/** The event types that may call for a notification: what the projector subscribes to. */
export const NOTIFYING_EVENT_TYPES = [
  'ReportSubmitted',
  'ReportResubmitted',
  'ReportApproved',
  'ReportCountersigned',
  'ReportReturned',
  'ReportRejected',
  'StageReminderSent',
  'StageOverdue',
  'StageEscalated',
  'ReportUrged',
  'ReportTransferred',
  'ReportDelegated',
  'TaskUrged',
  'NoticeIssued',
  'NoticeEscalated',
  'NoticeReturned',
  'NoticeResponded',
  'InstructionRecorded',
  'BulletinPublished',
  'ExtensionRequested',
  'ExtensionApproved',
  'ExtensionRefused',
] as const satisfies readonly NotifyingEvent['type'][];

/** A person marked notifications read: their own stream (`notifications-read-<accountId>`), so reading is on record too. */
export interface NotificationsRead {
  accountId: string;
  notificationIds: string[];
  at: string;
}
export type NotificationReadEvent = { type: 'NotificationsRead'; data: NotificationsRead };

export const notificationsReadStreamId = (accountId: string): string => `notifications-read-${accountId}`;
