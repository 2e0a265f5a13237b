import { Query } from '@nestjs/cqrs';
import type { Scorecard } from '@ledger/read-models';
import type { Principal } from '../auth/principal';

/** A unit's scorecard; a submitter may read only its own unit's. */
export class GetScorecard extends Query<Scorecard> {
  constructor(
    readonly principal: Principal,
    readonly unitId: string,
    readonly asOf: string,
  ) {
    super();
  }
}
