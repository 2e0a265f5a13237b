import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@ledger/event-store';

/**
 * A read model fed by events. `apply` runs inside the projector's transaction, together with the
 * checkpoint, so each event is applied exactly once.
 */
export interface Projection {
  name: string;
  /** Event types it reads; others are skipped without a call. */
  handles: readonly string[];
  apply(manager: EntityManager, event: RecordedEvent): Promise<void>;
}
