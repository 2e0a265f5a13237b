import type { Event, RecordedEvent } from './port';

/**
 * Where stored JSON becomes a typed event: the one place, used by every adapter's `readStream`.
 * The cast is safe because (1) the events have just been upcast, so whatever schema version one
 * was written at, its data now has the current shape of its type, and (2) a stream is written
 * only by the document that owns it (a report's by its workflow, a plan's by the importer),
 * through the typed `append`, so its types are those of the union the reader names.
 */
export function asStreamOf<E extends Event>(events: RecordedEvent[]): RecordedEvent<E>[] {
  return events as RecordedEvent<E>[];
}

/**
 * For the global log (`readAll`, `subscribe`), which holds every kind: a type guard that checks
 * the event's type against `types` and then types it as that member of `E` (its data has the
 * shape its type names, for the reasons `asStreamOf` gives).
 */
export function isEventOf<E extends Event>(types: readonly E['type'][]): (event: RecordedEvent) => event is RecordedEvent<E> {
  const known = new Set<string>(types);
  return (event): event is RecordedEvent<E> => known.has(event.type);
}
