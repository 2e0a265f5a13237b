import { Command, Query } from '@nestjs/cqrs';
import type { BulletinSummary, PublishedBulletin, BulletinVersion } from '@ledger/domain';
import type { DocumentHistoryEntry } from '@ledger/read-models';
import type { Principal } from '../auth/principal';
import { ActOnDocument } from '../http/document-actions';
import type { BulletinActionName } from './actions';
import type { BulletinDocument } from './documents';

/**
 * A bulletin as the API shows it. A unit sees the version in force only (no draft, no history of
 * drafting); the office's staff and auditors see the draft and the history too.
 */
export interface BulletinView {
  id: string;
  planId: string;
  period: string;
  status: BulletinSummary['status'];
  draft: BulletinVersion | null;
  published: PublishedBulletin | null;
  superseded: Array<{ version: number; publishedAt: string }>;
  history?: DocumentHistoryEntry[];
}

export class DraftBulletinCommand extends Command<BulletinView> {
  constructor(
    readonly principal: Principal,
    readonly period: string,
    /** The request's (see requestCorrelationId). */
    readonly correlationId: string,
  ) {
    super();
  }
}

/** An action of BULLETIN_ACTIONS on a drafted bulletin. */
export class ActOnBulletin extends ActOnDocument<BulletinView, BulletinActionName> {}

export class ListBulletins extends Query<BulletinView[]> {
  constructor(
    readonly principal: Principal,
    readonly planId?: string,
  ) {
    super();
  }
}

export class GetBulletin extends Query<BulletinView> {
  constructor(
    readonly principal: Principal,
    readonly bulletinId: string,
  ) {
    super();
  }
}

/** The version a reader downloads: the version in force for a unit; the open draft, else the version in force, for the staff. */
export class GetBulletinDocument extends Query<{
  document: BulletinDocument;
  unitNames: Map<string, string>;
  fileName: string;
  asciiName: string;
}> {
  constructor(
    readonly principal: Principal,
    readonly bulletinId: string,
    readonly format: 'pdf' | 'xlsx',
  ) {
    super();
  }
}
