import type { AttachmentRef } from '@ledger/domain';
import type { Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import type { LedgerRuntime } from '../runtime';

/**
 * The references an action records for the uploads it names (`attachments: [id]`), linked to
 * the document's stream first so that no sweep removes a file an event is about to name. Only
 * the caller's unit's uploads can be named: another unit's ids are a 400, as unknown ones are.
 */
export async function evidenceFor(
  runtime: LedgerRuntime,
  principal: Principal,
  ids: readonly string[] | undefined,
  streamId: string,
): Promise<AttachmentRef[] | undefined> {
  if (!ids || ids.length === 0) return undefined;
  const { refs, missing } = await runtime.attachments.ownedBy(ids, { accountId: principal.accountId, unitId: principal.unitId });
  if (missing.length > 0)
    throw new Problem(400, 'Bad Request / 请求有误', `no upload of your unit with id ${missing.join(', ')} / 附件不存在`, [
      { field: 'attachments', message: 'unknown attachment; upload it with POST /api/attachments first / 附件不存在，请先上传' },
    ]);
  await runtime.attachments.link(
    refs.map((ref) => ref.id),
    streamId,
  );
  return refs;
}
