import { evolveNotice, initialNoticeState, noticeStreamId, type NoticeEvent, type NoticeFacts } from '@ledger/domain';
import type { LedgerRuntime } from '../runtime';

/**
 * What an extension request or an instruction about a notice needs to know of it, as the
 * notice's own stream states it (the board may lag behind); null when there is no such notice.
 */
export async function noticeFacts(runtime: LedgerRuntime, noticeId: string): Promise<NoticeFacts | null> {
  const events = await runtime.store.readStream(noticeStreamId(noticeId));
  const state = events.reduce((s, e) => evolveNotice(s, { type: e.type, data: e.data } as NoticeEvent), initialNoticeState);
  if (state.status === 'empty') return null;
  return { taskId: state.taskId, unitIds: state.unitIds, status: state.status, dueAt: state.dueAt };
}
