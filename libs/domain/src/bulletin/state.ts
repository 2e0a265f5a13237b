import type { BulletinEvent, BulletinFigures } from './events';

/** One version of the bulletin: what it says and to whom it goes. */
export interface BulletinVersion {
  version: number;
  figures: BulletinFigures;
  commentary: string;
  memberUnits: string[];
  draftedAt: string;
}

export interface PublishedBulletin extends BulletinVersion {
  publishedAt: string;
  /** The member units that marked this version read (已阅), in order. */
  readBy: Array<{ unitId: string; at: string }>;
}

interface Known {
  bulletinId: string;
  planId: string;
  period: string;
  /** The version in force: what the member units were sent last; null before the first 签发. */
  published: PublishedBulletin | null;
  /** Versions published before it and superseded by a correction. */
  superseded: Array<{ version: number; publishedAt: string }>;
}

/**
 * A period's bulletin: `draft` while a version waits to be signed off (a correction of a
 * published one is a draft too, with the earlier version still in force), `published` when
 * nothing waits.
 */
export type BulletinState =
  | { status: 'empty' }
  | (Known & { status: 'draft'; draft: BulletinVersion })
  | (Known & { status: 'published'; published: PublishedBulletin });

export type BulletinStatus = BulletinState['status'];

export const initialBulletinState: BulletinState = { status: 'empty' };

export function evolveBulletin(state: BulletinState, event: BulletinEvent): BulletinState {
  switch (event.type) {
    case 'BulletinDrafted': {
      const { bulletinId, planId, period, version, figures, memberUnits, commentary, at } = event.data;
      const known =
        state.status === 'empty'
          ? { bulletinId, planId, period, published: null, superseded: [] }
          : { bulletinId, planId, period, published: state.published, superseded: state.superseded };
      return { ...known, status: 'draft', draft: { version, figures, commentary, memberUnits, draftedAt: at } };
    }
    case 'BulletinCommentaryEdited':
      if (state.status !== 'draft') return state;
      return { ...state, draft: { ...state.draft, commentary: event.data.text } };
    case 'BulletinPublished': {
      if (state.status !== 'draft') return state;
      const { version, figures, commentary, memberUnits, at } = event.data;
      const superseded = state.published
        ? [...state.superseded, { version: state.published.version, publishedAt: state.published.publishedAt }]
        : state.superseded;
      return {
        bulletinId: state.bulletinId,
        planId: state.planId,
        period: state.period,
        status: 'published',
        superseded,
        published: { version, figures, commentary, memberUnits, draftedAt: state.draft.draftedAt, publishedAt: at, readBy: [] },
      };
    }
    case 'BulletinRead': {
      if (state.status === 'empty' || !state.published || state.published.version !== event.data.version) return state;
      const published = { ...state.published, readBy: [...state.published.readBy, { unitId: event.data.unitId, at: event.data.at }] };
      return state.status === 'draft' ? { ...state, published } : { ...state, status: 'published', published };
    }
    default:
      return assertNever(event);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected bulletin event: ${JSON.stringify(value)}`);
}

/** The last version number used (drafted or published). */
export function latestVersion(state: BulletinState): number {
  if (state.status === 'empty') return 0;
  return state.status === 'draft' ? state.draft.version : state.published.version;
}

/** What an operation on a bulletin answers, and what the API shows of it to the office. */
export interface BulletinSummary {
  id: string;
  planId: string;
  period: string;
  status: Exclude<BulletinStatus, 'empty'>;
  draft: BulletinVersion | null;
  published: PublishedBulletin | null;
  superseded: Array<{ version: number; publishedAt: string }>;
}

export function summarizeBulletin(state: BulletinState): BulletinSummary | null {
  if (state.status === 'empty') return null;
  return {
    id: state.bulletinId,
    planId: state.planId,
    period: state.period,
    status: state.status,
    draft: state.status === 'draft' ? state.draft : null,
    published: state.published,
    superseded: state.superseded,
  };
}
