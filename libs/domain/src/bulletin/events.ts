import type { NoticeLevel } from '../notice/events';

/** Open 督办单 by level. */
export type BulletinNoticeCounts = Record<NoticeLevel, number> & { total: number };

/**
 * What a bulletin says in figures, as drafted from the read models as of the period's deadline.
 * The events carry them whole, so what a unit was sent is on record however the read models
 * change afterwards: a correction is a new version, never an edit of these.
 */
export interface BulletinFigures {
  plan: { id: string; title: string; year: number };
  period: string;
  /** The moment the figures stand at: the period's deadline (or the drafting time while that is ahead). */
  asOf: string;
  /** 序时进度 (%). */
  schedulePercent: number;
  headline: { tasks: number; completed: number; onTrack: number; behind: number; overdue: number; openNotices: BulletinNoticeCounts };
  /** Per category of the plan: its tasks' mean progress against 序时进度. */
  categories: Array<{ section: string; title: string; tasks: number; percent: number; behind: number; overdue: number }>;
  /** Member units ranked by on-time reporting (best first), with their returns and open notices by colour. */
  units: Array<{
    rank: number;
    unitId: string;
    name: string;
    submitted: number;
    onTime: number;
    late: number;
    returned: number;
    /** On-time share of submitted reports (%); null when the unit submitted none. */
    onTimePercent: number | null;
    openNotices: BulletinNoticeCounts;
  }>;
  /** 进度滞后 and 逾期未报 tasks. */
  laggingTasks: Array<{ taskId: string; code: string; title: string; leadUnits: string[]; status: string; percent: number }>;
  /** 红色督办单 not yet closed. */
  redNotices: Array<{
    noticeId: string;
    taskId: string;
    code: string;
    title: string;
    unitIds: string[];
    matter: string;
    issuedAt: string;
    status: string;
  }>;
  /** 领导批示 recorded up to `asOf`, and how they were carried out (落实情况). */
  instructions: Array<{
    instructionId: string;
    taskId: string;
    code: string;
    by: string;
    text: string;
    status: string;
    reports: Array<{ unitId: string; text: string }>;
  }>;
}

interface BulletinEventBase {
  bulletinId: string;
  /** Domain time (ISO 8601), from the command. */
  at: string;
}

/** A version of the period's bulletin drafted; it supersedes an unpublished draft before it. */
export interface BulletinDrafted extends BulletinEventBase {
  planId: string;
  period: string;
  version: number;
  figures: BulletinFigures;
  /** The units it will be sent to: the task force's 成员单位 as published. */
  memberUnits: string[];
  /** The commentary carried over from the version it replaces (empty for the first). */
  commentary: string;
}

/** The coordinator's commentary (通报意见) on the draft, replaced whole. */
export interface BulletinCommentaryEdited extends BulletinEventBase {
  version: number;
  text: string;
}

/** 签发: the office signs the draft off, which publishes it, exactly as it stands here. */
export interface BulletinPublished extends BulletinEventBase {
  version: number;
  figures: BulletinFigures;
  commentary: string;
  memberUnits: string[];
  /** The published version this one replaces, when it is a correction. */
  supersedes?: number;
}

/** 已阅: a member unit has read the published version. */
export interface BulletinRead extends BulletinEventBase {
  version: number;
  unitId: string;
}

export type BulletinEvent =
  | { type: 'BulletinDrafted'; data: BulletinDrafted }
  | { type: 'BulletinCommentaryEdited'; data: BulletinCommentaryEdited }
  | { type: 'BulletinPublished'; data: BulletinPublished }
  | { type: 'BulletinRead'; data: BulletinRead };

export type BulletinEventType = BulletinEvent['type'];

export const BULLETIN_EVENT_TYPES: readonly BulletinEventType[] = [
  'BulletinDrafted',
  'BulletinCommentaryEdited',
  'BulletinPublished',
  'BulletinRead',
];

/** The bulletin of a plan's period: its id, its stream and its workflow id are this one string. */
export function bulletinId(planId: string, period: string): string {
  return `bulletin-${planId}-${period}`;
}

export const bulletinStreamId = (id: string): string => id;
