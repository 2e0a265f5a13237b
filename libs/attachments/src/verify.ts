import type { AttachmentRef } from '@ledger/domain';
import type { ChainVerification, EventStore } from '@ledger/event-store';
import type { BlobStore } from './port';

export interface AttachmentVerification {
  ok: boolean;
  /** Distinct files checked (a file referenced by several events is checked once). */
  checked: number;
  /** The first referenced file, in log order, whose stored bytes no longer have the recorded sha256 (or are gone). */
  firstBroken: (AttachmentRef & { position: number; found: 'changed' | 'missing' }) | null;
}

const BATCH = 2_000;

/** The evidence files an event names: any `attachments` list of its payload (reports, notice answers, instruction reports). */
export function attachmentsOf(data: unknown): AttachmentRef[] {
  const list = (data as { attachments?: unknown } | null)?.attachments;
  return Array.isArray(list) ? (list as AttachmentRef[]).filter((ref) => typeof ref?.sha256 === 'string') : [];
}

/**
 * Walks the log and checks that every file an event references still hashes to the sha256 the
 * event recorded: the events are in the hash chain, so evidence is as tamper-evident as the log.
 */
export async function verifyAttachments(store: EventStore, blobs: BlobStore): Promise<AttachmentVerification> {
  const seen = new Set<string>();
  let after = 0;
  for (;;) {
    const events = await store.readAll(after, BATCH);
    if (events.length === 0) return { ok: true, checked: seen.size, firstBroken: null };
    for (const event of events) {
      for (const ref of attachmentsOf(event.data)) {
        if (seen.has(ref.sha256)) continue;
        seen.add(ref.sha256);
        const digest = await blobs.digestOf(ref.sha256);
        if (digest !== ref.sha256) {
          const { id, sha256, size, name, contentType } = ref;
          const found = digest === undefined ? 'missing' : 'changed';
          return { ok: false, checked: seen.size, firstBroken: { id, sha256, size, name, contentType, position: event.position, found } };
        }
      }
    }
    after = events[events.length - 1]!.position;
  }
}

/** `audit verify`: the hash chain, then the evidence files its events name; ok only when both hold. */
export type AuditVerification = ChainVerification & { attachments: AttachmentVerification };

export async function verifyAudit(store: EventStore, blobs: BlobStore): Promise<AuditVerification> {
  const chain = await store.verify();
  const attachments = await verifyAttachments(store, blobs);
  return { ...chain, ok: chain.ok && attachments.ok, attachments };
}

/** One line naming the first file that fails, for the CLI and logs. */
export function describeBrokenAttachment(broken: NonNullable<AttachmentVerification['firstBroken']>): string {
  const what = broken.found === 'missing' ? 'is missing' : 'no longer has its recorded sha256';
  return `evidence file "${broken.name}" (attachment ${broken.id}, sha256 ${broken.sha256}, named at position ${broken.position}) ${what}`;
}
