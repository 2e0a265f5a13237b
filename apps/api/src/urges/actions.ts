import type { UrgeSummary } from '@ledger/domain';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { acknowledgeUrgeUpdate } from '@ledger/workflows';
import { actionRow } from '../http/document-actions';

/** An urge's actions need nothing besides their bodies. */
export type UrgeLookup = Record<string, never>;

const row = actionRow<UrgeLookup, UrgeSummary | null>();

/** 已阅 by a lead unit that was urged: `POST /api/urges/:id/<name>`. */
export const URGE_ACTIONS = {
  acknowledge: row({ roles: DOCUMENT_ACTION_ROLES.urge.acknowledge, update: acknowledgeUrgeUpdate, input: () => ({}) }),
};

export type UrgeActionName = keyof typeof URGE_ACTIONS;
