export const ROLES = ['submitter', 'coordinator', 'office', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who does something: an account id, never a name (personal data stays out of events). */
export interface Actor {
  actorId: string;
  role: Role;
  unitId: string | null;
}
