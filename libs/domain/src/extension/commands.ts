import type { Actor } from '../actors';
import type { NoticeStatus } from '../notice/state';
import type { PlanCalendar } from '../target/calendar';

interface CommandBase {
  actor: Actor;
  /** Domain time (ISO 8601): workflow time inside workflows. */
  now: string;
}

/** What the rules need to know of the notice a request is about, as its own stream states it. */
export interface NoticeFacts {
  taskId: string;
  unitIds: string[];
  status: NoticeStatus;
  /** The response deadline in force. */
  dueAt: string;
}

export interface RequestExtension extends CommandBase {
  type: 'RequestExtension';
  extensionId: string;
  task: { planId: string; taskId: string; leadUnits: string[] };
  plan: { year: number; calendar: PlanCalendar };
  /** Exactly one of period and noticeId. */
  period?: string;
  noticeId?: string;
  /** The notice named by noticeId; null when there is no such notice. */
  notice?: NoticeFacts | null;
  until: string;
  reason: string;
}

export interface ApproveExtension extends CommandBase {
  type: 'ApproveExtension';
  comment?: string;
}

export interface RefuseExtension extends CommandBase {
  type: 'RefuseExtension';
  reason: string;
}

export type ExtensionCommand = RequestExtension | ApproveExtension | RefuseExtension;
