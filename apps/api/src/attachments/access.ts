import type { StoredAttachment } from '@ledger/attachments';
import { TaskRow } from '@ledger/read-models';
import type { Principal } from '../auth/principal';
import type { LedgerRuntime } from '../runtime';

/**
 * Who may read a document, by the prefix of its stream, as the document's own GET decides it:
 * a report is seen by every role but a submitter, who sees the reports of the tasks its unit
 * leads; a notice or an instruction by the office's roles and auditors, and the units it went to.
 * A stream that holds no document is seen by nobody.
 */
async function mayReadDocument(runtime: LedgerRuntime, principal: Principal, streamId: string): Promise<boolean> {
  const [first] = await runtime.store.readStream(streamId, { limit: 1 });
  if (!first) return false;
  const data = first.data as { taskId?: string; unitIds?: string[] };
  if (first.type === 'ReportSubmitted') {
    if (principal.role !== 'submitter') return true;
    const task = await runtime.dataSource.getRepository(TaskRow).findOneBy({ id: data.taskId ?? '' });
    return principal.unitId !== null && (task?.leadUnits.includes(principal.unitId) ?? false);
  }
  if (first.type === 'NoticeIssued' || first.type === 'InstructionRecorded') {
    if (principal.role === 'admin') return false;
    if (principal.role !== 'submitter') return true;
    return principal.unitId !== null && (data.unitIds ?? []).includes(principal.unitId);
  }
  return false;
}

/**
 * A file is read as the documents that reference it are: by whoever may read one of them.
 * Auditors read every file; the account that uploaded a file reads it before any document names it.
 */
export async function mayReadAttachment(runtime: LedgerRuntime, principal: Principal, attachment: StoredAttachment): Promise<boolean> {
  if (principal.role === 'auditor' || attachment.uploadedBy === principal.accountId) return true;
  for (const streamId of attachment.streamIds) {
    if (await mayReadDocument(runtime, principal, streamId)) return true;
  }
  return false;
}
