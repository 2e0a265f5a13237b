import {
  documentOf,
  memoOf,
  notificationsOf,
  NOTIFYING_EVENT_TYPES,
  type Audience,
  type DocumentMemo,
  type NotificationReadEvent,
  type NotifyingEvent,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { upsertRows } from '../projector/apply-events';
import type { Projection } from '../projector/projection';

type Handled = NotifyingEvent | NotificationReadEvent;

/** A notification's id: its event's id and its place among the event's notifications (the same on every replay). */
export const notificationId = (eventId: string, index: number): string => `${eventId}:${index}`;

const memoKey = (event: NotifyingEvent): string => {
  const { kind, id } = documentOf(event);
  return `${kind}:${id}`;
};

function audienceColumns(audience: Audience) {
  return 'accountId' in audience
    ? { audience_account: audience.accountId, audience_role: null, audience_unit: null }
    : { audience_account: null, audience_role: audience.role, audience_unit: audience.unitId ?? null };
}

/**
 * The notification centre's read model: what each event asks of whom (the domain's
 * notificationsOf), the memo of each document's first event that addresses what follows, and
 * who has read what. A batch applied twice writes the same rows (ids come from event ids).
 */
export const notificationsProjection: Projection<Handled> = {
  name: 'notifications',
  handles: [...NOTIFYING_EVENT_TYPES, 'NotificationsRead'],
  tables: ['rm_notifications', 'rm_notification_memos', 'rm_notification_reads'],
  async apply(manager, events) {
    const notifying = events.filter((event): event is RecordedEvent<NotifyingEvent> => event.type !== 'NotificationsRead');
    const keys = [...new Set(notifying.map(memoKey))];
    const stored: Array<{ key: string; memo: DocumentMemo }> =
      keys.length === 0 ? [] : await manager.query(`select key, memo from rm_notification_memos where key = any($1)`, [keys]);
    const memos = new Map(stored.map((row) => [row.key, row.memo]));
    const newMemos: Array<{ key: string; memo: DocumentMemo }> = [];
    const notifications: object[] = [];
    const reads: object[] = [];
    for (const event of events) {
      if (event.type === 'NotificationsRead') {
        for (const id of event.data.notificationIds)
          reads.push({ account_id: event.data.accountId, notification_id: id, read_at: event.data.at });
        continue;
      }
      const key = memoKey(event);
      const started = memoOf(event);
      if (started && !memos.has(key)) {
        memos.set(key, started);
        newMemos.push({ key, memo: started });
      }
      notificationsOf(event, memos.get(key)).forEach((draft, index) =>
        notifications.push({
          id: notificationId(event.eventId, index),
          position: event.position,
          at: event.data.at,
          kind: draft.kind,
          document_kind: draft.documentKind,
          document_id: draft.documentId,
          task_id: draft.taskId,
          ...audienceColumns(draft.audience),
          facts: draft.facts,
        }),
      );
    }
    await upsertRows(manager, 'rm_notification_memos', ['key'], newMemos);
    await upsertRows(manager, 'rm_notifications', ['id'], notifications);
    // The first reading counts; reading again changes nothing.
    await upsertRows(manager, 'rm_notification_reads', ['account_id', 'notification_id'], reads, 'false');
  },
};
