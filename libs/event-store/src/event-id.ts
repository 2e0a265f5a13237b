import { createHash } from 'node:crypto';

// Namespace for name-based event ids (RFC 9562 UUID version 5).
const LEDGER_NAMESPACE = Buffer.from('6f1c3d2e8a5b4c7d9e0f1a2b3c4d5e6f', 'hex');

/**
 * A uuid derived from a name: the same name always gives the same id. Workflow activities name
 * their events `<workflowId>/<version>` so that a retried append is recognised as a duplicate.
 */
export function nameBasedEventId(name: string): string {
  const bytes = createHash('sha1').update(LEDGER_NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
