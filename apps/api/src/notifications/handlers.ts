import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notificationsReadStreamId, type NotificationsRead } from '@ledger/domain';
import { EventIdReusedError, nameBasedEventId } from '@ledger/event-store';
import type { Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import {
  CountUnreadNotifications,
  ListNotifications,
  MarkNotificationRead,
  type NotificationRead,
  type NotificationView,
  type UnreadCount,
} from './notifications';
import { NOTIFICATION_COLUMNS, NOTIFICATION_JOINS, wordsOf, type NotificationRow } from '@ledger/notifications';

/** The header's count stops here: beyond it the reader sees 99+. */
export const UNREAD_CAP = 100;

/**
 * Which rows address the reader: their account, or their role (for a unit's accounts, their
 * unit's). Parameters $1 account, $2 role, $3 unit.
 */
const ADDRESSED = `(n.audience_account = $1 or (n.audience_role = $2 and ($2 <> 'submitter' or n.audience_unit = $3)))`;
const addressees = (p: Principal) => [p.accountId, p.role, p.unitId ?? ''];

@QueryHandler(ListNotifications)
export class ListNotificationsHandler implements IQueryHandler<ListNotifications> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, filter }: ListNotifications): Promise<NotificationView[]> {
    const rows: Array<NotificationRow & { read_at: Date | null }> = await this.runtime.dataSource.query(
      `select ${NOTIFICATION_COLUMNS}, r.read_at
         from rm_notifications n
         left join rm_notification_reads r on r.notification_id = n.id and r.account_id = $1
         ${NOTIFICATION_JOINS}
        where ${ADDRESSED} ${filter.unread === 'true' ? 'and r.read_at is null' : ''}
        order by n.position desc, n.id
        limit $4`,
      [...addressees(principal), filter.limit ?? 50],
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      ...wordsOf(row),
      at: row.at.toISOString(),
      documentKind: row.document_kind,
      documentId: row.document_id,
      taskId: row.task_id,
      read: row.read_at !== null,
    }));
  }
}

@QueryHandler(CountUnreadNotifications)
export class CountUnreadNotificationsHandler implements IQueryHandler<CountUnreadNotifications> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal }: CountUnreadNotifications): Promise<UnreadCount> {
    const [row] = await this.runtime.dataSource.query(
      `select count(*)::int as unread from (
         select 1 from rm_notifications n
          where ${ADDRESSED}
            and not exists (select 1 from rm_notification_reads r where r.notification_id = n.id and r.account_id = $1)
          order by n.position desc
          limit $4) as unread`,
      [...addressees(principal), UNREAD_CAP],
    );
    return { unread: Math.min(row.unread, UNREAD_CAP - 1), capped: row.unread >= UNREAD_CAP };
  }
}

/** 已读: on record as the reader's own event; reading again appends nothing (the event id is the reader's and the notification's). */
@CommandHandler(MarkNotificationRead)
export class MarkNotificationReadHandler implements ICommandHandler<MarkNotificationRead> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, notificationId }: MarkNotificationRead): Promise<NotificationRead> {
    const [visible] = await this.runtime.dataSource.query(`select 1 from rm_notifications n where n.id = $4 and ${ADDRESSED}`, [
      ...addressees(principal),
      notificationId,
    ]);
    if (!visible) throw new Problem(404, 'Not Found / 未找到', `no notification ${notificationId} / 通知不存在`);
    const name = `notification-read/${principal.accountId}/${notificationId}`;
    const data: NotificationsRead = { accountId: principal.accountId, notificationIds: [notificationId], at: new Date().toISOString() };
    try {
      await this.runtime.store.append(notificationsReadStreamId(principal.accountId), 'any', [
        {
          eventId: nameBasedEventId(name),
          type: 'NotificationsRead',
          data,
          metadata: {
            actorId: principal.accountId,
            role: principal.role,
            unitId: principal.unitId,
            correlationId: nameBasedEventId(name),
            causationId: null,
            workflowId: null,
            schemaVersion: 1,
          },
        },
      ]);
    } catch (error) {
      // Read before: the first reading stands.
      if (!(error instanceof EventIdReusedError)) throw error;
    }
    return { id: notificationId, read: true };
  }
}

export const NOTIFICATION_HANDLERS = [ListNotificationsHandler, CountUnreadNotificationsHandler, MarkNotificationReadHandler];
