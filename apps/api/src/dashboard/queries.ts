import { Query } from '@nestjs/cqrs';
import type { Dashboard, DashboardFilter } from '@ledger/read-models';
import type { Principal } from '../auth/principal';

/**
 * The plan dashboard at `asOf` (schedule progress and closed periods), the tasks the filter picks;
 * a submitter sees its unit's tasks only.
 */
export class GetDashboard extends Query<Dashboard> {
  constructor(
    readonly principal: Principal,
    readonly asOf: string,
    readonly filter: DashboardFilter = {},
  ) {
    super();
  }
}
