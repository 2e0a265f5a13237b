import type { Role } from '@ledger/domain';
import type { Principal } from '../auth/principal';

/** The task force's own staff: whoever reviews, signs off or urges a unit's documents. */
const STAFF: ReadonlySet<Role> = new Set(['coordinator', 'office']);

/**
 * Whose directory entry a reader may see, by what their work needs: admins and auditors read
 * every account; the task force's staff read the units' accounts and each other (they handle
 * every unit's documents), not the admins and auditors; a unit reads its own accounts and the
 * staff it deals with. Anyone else is not shown (answered as if there were no such account).
 */
export function mayLookUp(reader: Principal, account: { role: Role; unitId: string | null }): boolean {
  switch (reader.role) {
    case 'admin':
    case 'auditor':
      return true;
    case 'coordinator':
    case 'office':
      return account.role === 'submitter' || STAFF.has(account.role);
    case 'submitter':
      return STAFF.has(account.role) || (account.role === 'submitter' && account.unitId !== null && account.unitId === reader.unitId);
    default: {
      const never: never = reader.role;
      return never;
    }
  }
}
