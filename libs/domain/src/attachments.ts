/**
 * 佐证材料 as an event records it: what identifies the file and its content, never the bytes.
 * The sha256 ties the stored file to the hash chain: `audit verify` checks that the file still
 * has it.
 */
export interface AttachmentRef {
  id: string;
  sha256: string;
  size: number;
  /** The file name as shown and downloaded (Chinese kept), stripped of paths and control characters. */
  name: string;
  /** Decided from the content, not from the name. */
  contentType: string;
}

export const MAX_ATTACHMENTS = 20;

/** The `attachments` field of an event, present only when there are some (older events have none). */
export function withAttachments(attachments: readonly AttachmentRef[] | undefined): { attachments?: AttachmentRef[] } {
  return attachments && attachments.length > 0 ? { attachments: [...attachments] } : {};
}

export function attachmentProblems(attachments: readonly AttachmentRef[] | undefined): { field: string; message: string }[] {
  if (!attachments || attachments.length <= MAX_ATTACHMENTS) return [];
  return [{ field: 'attachments', message: `at most ${MAX_ATTACHMENTS} files / 佐证材料不超过 ${MAX_ATTACHMENTS} 个` }];
}
