import { evolveNotice, initialNoticeState, NOTICE_EVENT_TYPES, type NoticeEvent, type NoticeState } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { upsertRows } from '../projector/apply-events';
import type { Projection } from '../projector/projection';
import type { NoticeHistoryEntry } from './entities';

interface NoticeRecord {
  state: NoticeState;
  history: NoticeHistoryEntry[];
  closedAt: string | null;
  lastPosition: number;
}

/**
 * The 督办 board. Each row holds the notice's state as `evolveNotice` folds it (the same rules
 * the notice workflow runs: nothing is decided twice) and its history with who acted; the
 * columns the board filters on are copied out of the state. Guarded by position, so a batch
 * applied twice changes nothing.
 */
export const noticesProjection: Projection<NoticeEvent> = {
  name: 'notices',
  handles: NOTICE_EVENT_TYPES,
  tables: ['rm_notices'],
  async apply(manager, events) {
    const ids = [...new Set(events.map((event) => event.data.noticeId))];
    const stored: Array<{ id: string; state: NoticeState; history: NoticeHistoryEntry[]; closed_at: Date | null; last_position: string }> =
      await manager.query(`select id, state, history, closed_at, last_position from rm_notices where id = any($1)`, [ids]);
    const records = new Map<string, NoticeRecord>(
      stored.map((row) => [
        row.id,
        { state: row.state, history: row.history, closedAt: row.closed_at?.toISOString() ?? null, lastPosition: Number(row.last_position) },
      ]),
    );
    for (const event of events) {
      const id = event.data.noticeId;
      const before = records.get(id) ?? { state: initialNoticeState, history: [], closedAt: null, lastPosition: 0 };
      if (event.position <= before.lastPosition) continue;
      records.set(id, applyNoticeEvent(before, event));
    }
    await upsertRows(
      manager,
      'rm_notices',
      ['id'],
      [...records.entries()].filter(([, r]) => r.state.status !== 'empty').map(([id, r]) => noticeRow(id, r)),
    );
  },
};

export function applyNoticeEvent(record: NoticeRecord, event: RecordedEvent<NoticeEvent>): NoticeRecord {
  const { noticeId: _noticeId, at, ...detail } = event.data;
  const entry: NoticeHistoryEntry = {
    type: event.type,
    at,
    actorId: event.metadata.actorId,
    role: event.metadata.role,
    detail:
      event.type === 'NoticeIssued'
        ? { level: event.data.level, cause: event.data.cause, matter: event.data.matter, periods: event.data.periods }
        : detail,
  };
  return {
    state: evolveNotice(record.state, event),
    history: [...record.history, entry],
    closedAt: event.type === 'NoticeClosed' ? at : record.closedAt,
    lastPosition: event.position,
  };
}

function noticeRow(id: string, { state, history, closedAt, lastPosition }: NoticeRecord) {
  if (state.status === 'empty') throw new Error(`notice ${id} has no issue`);
  return {
    id,
    plan_id: state.planId,
    task_id: state.taskId,
    unit_ids: state.unitIds,
    level: state.level,
    cause: state.cause,
    status: state.status,
    issued_at: state.issuedAt,
    due_at: state.dueAt,
    cause_cleared: state.causeCleared,
    closed_at: closedAt,
    state,
    history,
    last_position: lastPosition,
  };
}
