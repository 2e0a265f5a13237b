import type { ExpectedVersion, NewEvent } from './port';

/** Why an append cannot be attempted at all, or undefined. */
export function invalidAppend(streamId: string, expected: ExpectedVersion, events: NewEvent[]): string | undefined {
  if (!streamId) return 'append needs a stream id';
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0))
    return `expected version must be a whole number ≥ 0, got ${expected}`;
  if (events.length === 0) return 'append needs at least one event';
  const ids = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) return `event id ${event.eventId} is not a uuid`;
    const id = event.eventId.toLowerCase();
    if (ids.has(id)) return `event id ${event.eventId} appears twice in one append`;
    ids.add(id);
    if (event.data === undefined) return `event ${event.eventId} has no data`;
  }
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
