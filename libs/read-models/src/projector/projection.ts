import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@ledger/event-store';
import type { ReadModelTable } from '../schema';

/**
 * A read model fed by events. `apply` gets a run of events in position order (only the types it
 * handles) and runs inside the projector's transaction, together with the checkpoint, so each
 * event is applied exactly once. It writes unqualified table names: a rebuild points them at a
 * shadow schema through the transaction's search_path.
 */
export interface Projection {
  name: string;
  /** Event types it reads; others are not passed to it. */
  handles: readonly string[];
  /** The tables it owns: what a rebuild of it replaces and what verify compares. */
  tables: readonly ReadModelTable[];
  /** Projections whose tables it reads while applying (rebuilt with it into the shadow). */
  reads?: readonly string[];
  apply(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void>;
}
