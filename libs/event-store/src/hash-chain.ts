import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  position: number;
  streamId: string;
  version: number;
  type: string;
  eventId: string;
  data: unknown;
  metadata: unknown;
}

/** sha256 of the canonical payload: data and metadata together, so neither can be edited unseen. */
export function payloadHash(data: unknown, metadata: unknown): string {
  return sha256(canonicalJson({ data, metadata }));
}

/** hash = sha256(prev_hash ‖ position ‖ stream ‖ version ‖ type ‖ eventId ‖ sha256(payload)). */
export function chainHash(prevHash: string, event: HashedFields): string {
  return sha256(
    [prevHash, event.position, event.streamId, event.version, event.type, event.eventId, payloadHash(event.data, event.metadata)].join(
      '\u001f',
    ),
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The per-stream chain of the KurrentDB adapter, where a global position is only known after the
 * append: hash = sha256(prev_hash ‖ stream ‖ version ‖ type ‖ eventId ‖ sha256(payload)), the
 * previous hash being that of the stream's previous event (the expected revision keeps it linear).
 */
export function streamChainHash(prevHash: string, event: Omit<HashedFields, 'position'>): string {
  return sha256(
    [prevHash, event.streamId, event.version, event.type, event.eventId, payloadHash(event.data, event.metadata)].join('\u001f'),
  );
}
