import type { RecordedEvent } from './port';

/**
 * Turns the data of one event type from `fromSchemaVersion` into the shape of the next version.
 * Pure: the stored event is never rewritten, the upcaster runs on every read.
 */
export interface Upcaster {
  type: string;
  fromSchemaVersion: number;
  upcast(data: unknown): unknown;
}

/** Applied to every event read; the identity when no upcaster matches. */
export type UpcastRead = (event: RecordedEvent) => RecordedEvent;

/**
 * One lookup keyed by (type, schemaVersion). An event written at version 1 with upcasters for
 * 1 and 2 reads as version 3. The hash stays the stored one: `verify` checks what was written.
 */
export function upcasterRegistry(upcasters: readonly Upcaster[]): UpcastRead {
  const byKey = new Map<string, Upcaster['upcast']>();
  for (const upcaster of upcasters) {
    const key = upcasterKey(upcaster.type, upcaster.fromSchemaVersion);
    if (byKey.has(key)) throw new Error(`two upcasters for ${upcaster.type} at schema version ${upcaster.fromSchemaVersion}`);
    byKey.set(key, upcaster.upcast);
  }
  if (byKey.size === 0) return (event) => event;
  return (event) => {
    let { data } = event;
    let schemaVersion = event.metadata.schemaVersion;
    for (
      let upcast = byKey.get(upcasterKey(event.type, schemaVersion));
      upcast;
      upcast = byKey.get(upcasterKey(event.type, schemaVersion))
    ) {
      data = upcast(data);
      schemaVersion += 1;
    }
    return schemaVersion === event.metadata.schemaVersion ? event : { ...event, data, metadata: { ...event.metadata, schemaVersion } };
  };
}

function upcasterKey(type: string, schemaVersion: number): string {
  return `${type}\u0000${schemaVersion}`;
}
