import type { BulletinSummary } from '@ledger/domain';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { approveBulletinUpdate, editBulletinCommentaryUpdate, readBulletinUpdate } from '@ledger/workflows';
import { actionRow } from '../http/document-actions';
import { BulletinCommentaryDto } from './dto';

/** A bulletin's actions need nothing besides their bodies. */
export type BulletinLookup = Record<string, never>;

const row = actionRow<BulletinLookup, BulletinSummary | null>();

/** 通报意见 (the office's staff, on the draft), 签发 (the office), 已阅 (a member unit): `POST /api/bulletins/:id/<name>`. */
export const BULLETIN_ACTIONS = {
  commentary: row({
    roles: DOCUMENT_ACTION_ROLES.bulletin.edit,
    body: BulletinCommentaryDto,
    update: editBulletinCommentaryUpdate,
    input: (body) => ({ text: body.text }),
  }),
  approve: row({ roles: DOCUMENT_ACTION_ROLES.bulletin.approve, update: approveBulletinUpdate, input: () => ({}) }),
  read: row({ roles: DOCUMENT_ACTION_ROLES.bulletin.read, update: readBulletinUpdate, input: () => ({}) }),
};

export type BulletinActionName = keyof typeof BULLETIN_ACTIONS;
