import type { ExtensionSummary } from '@ledger/domain';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { approveExtensionUpdate, refuseExtensionUpdate } from '@ledger/workflows';
import { actionRow } from '../http/document-actions';
import { ApproveExtensionDto, RefuseExtensionDto } from './dto';

/** An extension request's actions need nothing besides their bodies. */
export type ExtensionLookup = Record<string, never>;

const row = actionRow<ExtensionLookup, ExtensionSummary | null>();

/** 批准 and 不予延期 (the office, or whom the plan's chain names): `POST /api/extensions/:id/<name>`. */
export const EXTENSION_ACTIONS = {
  approve: row({
    roles: DOCUMENT_ACTION_ROLES.extension.approve,
    body: ApproveExtensionDto,
    update: approveExtensionUpdate,
    input: (body) => ({ comment: body.comment }),
  }),
  refuse: row({
    roles: DOCUMENT_ACTION_ROLES.extension.refuse,
    body: RefuseExtensionDto,
    update: refuseExtensionUpdate,
    input: (body) => ({ reason: body.reason }),
  }),
};

export type ExtensionActionName = keyof typeof EXTENSION_ACTIONS;
