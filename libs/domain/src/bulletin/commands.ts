import type { Actor } from '../actors';
import type { BulletinFigures } from './events';

interface CommandBase {
  actor: Actor;
  /** Domain time (ISO 8601): workflow time inside workflows. */
  now: string;
}

/** Drafts (or drafts anew) the period's bulletin from figures read as of the period's deadline. */
export interface DraftBulletin extends CommandBase {
  type: 'DraftBulletin';
  bulletinId: string;
  planId: string;
  period: string;
  figures: BulletinFigures;
  /** The plan's task force's 成员单位, as published. */
  memberUnits: string[];
}

export interface EditBulletinCommentary extends CommandBase {
  type: 'EditBulletinCommentary';
  text: string;
}

export interface ApproveBulletin extends CommandBase {
  type: 'ApproveBulletin';
}

export interface ReadBulletin extends CommandBase {
  type: 'ReadBulletin';
}

export type BulletinCommand = DraftBulletin | EditBulletinCommentary | ApproveBulletin | ReadBulletin;
