export const ROLES = ['submitter', 'coordinator', 'office', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who does something: an account id, never a name (personal data stays out of events). */
export interface Actor {
  actorId: string;
  role: Role | 'system';
  unitId: string | null;
}

/** Timers and other things the system does by itself. */
export const SYSTEM_ACTOR: Actor = { actorId: 'system', role: 'system', unitId: null };
