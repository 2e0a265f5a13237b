import type { Event, RecordedEvent } from '@ledger/event-store';
import { upsertRows } from '../projector/apply-events';
import type { Projection } from '../projector/projection';
import type { ReadModelTable } from '../schema';

/** One step of a document's history: what happened, when, and who did it (an account id). */
export interface DocumentHistoryEntry {
  type: string;
  at: string;
  actorId: string;
  role: string;
  /** The step's own words (the event's data but its id and time). */
  detail: Record<string, unknown>;
}

export interface DocumentRecord<S> {
  state: S;
  history: DocumentHistoryEntry[];
  lastPosition: number;
}

export interface DocumentKind<S, E extends Event<string, { at: string }>> {
  name: string;
  table: ReadModelTable;
  handles: readonly E['type'][];
  /** The field of every event's data that names the document. */
  idField: keyof E['data'] & string;
  /** That field's value: the document's id. */
  idOf(event: E): string;
  initial: S;
  evolve(state: S, event: E): S;
  /** The columns lists filter on, copied out of the state; null while there is nothing to show. */
  columns(state: S): Record<string, unknown> | null;
}

/**
 * The read model of a document kind (urges, extension requests, instructions): one row per
 * document holding its state as the kind's own `evolve` folds it (nothing is decided twice) and
 * its history with who acted, plus the columns its list filters on. Guarded by position, so a
 * batch applied twice changes nothing. `fold` is the same step, for reading a document the
 * projector has not reached yet from its own stream.
 */
export function documentProjection<S, E extends Event<string, { at: string }>>(kind: DocumentKind<S, E>) {
  const idOf = (event: RecordedEvent<E>) => kind.idOf(event);
  const empty = (): DocumentRecord<S> => ({ state: kind.initial, history: [], lastPosition: 0 });

  function fold(record: DocumentRecord<S>, recorded: RecordedEvent<E>): DocumentRecord<S> {
    const detail = Object.fromEntries(Object.entries(recorded.data).filter(([key]) => key !== kind.idField && key !== 'at'));
    const entry: DocumentHistoryEntry = {
      type: recorded.type,
      at: recorded.data.at,
      actorId: recorded.metadata.actorId,
      role: recorded.metadata.role,
      detail,
    };
    return { state: kind.evolve(record.state, recorded), history: [...record.history, entry], lastPosition: recorded.position };
  }

  const projection: Projection<E> = {
    name: kind.name,
    handles: kind.handles,
    tables: [kind.table],
    async apply(manager, events) {
      const ids = [...new Set(events.map(idOf))];
      const stored: Array<{ id: string; state: S; history: DocumentHistoryEntry[]; last_position: string }> = await manager.query(
        `select id, state, history, last_position from ${kind.table} where id = any($1)`,
        [ids],
      );
      const records = new Map(
        stored.map((row) => [row.id, { state: row.state, history: row.history, lastPosition: Number(row.last_position) }]),
      );
      for (const event of events) {
        const before = records.get(idOf(event)) ?? empty();
        if (event.position <= before.lastPosition) continue;
        records.set(idOf(event), fold(before, event));
      }
      const rows = [...records.entries()].flatMap(([id, record]) => {
        const columns = kind.columns(record.state);
        return columns ? [{ id, ...columns, state: record.state, history: record.history, last_position: record.lastPosition }] : [];
      });
      await upsertRows(manager, kind.table, ['id'], rows);
    },
  };

  /** A document folded from its own stream's events. */
  const foldAll = (events: readonly RecordedEvent<E>[]) => events.reduce(fold, empty());

  return { projection, fold, foldAll };
}
