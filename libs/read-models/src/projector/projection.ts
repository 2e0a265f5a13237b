import type { EntityManager } from 'typeorm';
import type { Event, RecordedEvent } from '@ledger/event-store';
import type { ReadModelTable } from '../schema';

/**
 * A read model fed by events of the union `E`. `apply` gets a run of events in position order,
 * only of the types it `handles` (the projector passes no other), typed as such; it runs inside the projector's transaction, together with the checkpoint, so each
 * event is applied exactly once. It writes unqualified table names: a rebuild points them at a
 * shadow schema through the transaction's search_path.
 */
export interface Projection<E extends Event = Event> {
  name: string;
  /** Event types it reads; others are not passed to it. */
  handles: readonly E['type'][];
  /** The tables it owns: what a rebuild of it replaces and what verify compares. */
  tables: readonly ReadModelTable[];
  /** Projections whose tables it reads while applying (rebuilt with it into the shadow). */
  reads?: readonly string[];
  apply(manager: EntityManager, events: readonly RecordedEvent<E>[]): Promise<void>;
  /**
   * A faster way to fill its tables when they start empty and nobody else writes them (a
   * rebuild's shadow): the replay may write rows without looking for existing ones and keep state
   * in memory between batches. Without it, a rebuild replays through `apply`.
   */
  replay?(): ProjectionReplay<E>;
}

/** One replay of the whole log into empty tables, batch after batch, each in its own transaction. */
export interface ProjectionReplay<E extends Event = Event> {
  apply(manager: EntityManager, events: readonly RecordedEvent<E>[]): Promise<void>;
  /** Writes whatever it still holds in memory: the tables then match every event applied so far. */
  flush(manager: EntityManager): Promise<void>;
}
