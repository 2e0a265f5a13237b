import { Command, Query } from '@nestjs/cqrs';
import type { Principal } from '../auth/principal';
import type { ListNotificationsQueryDto } from './dto';

/** One notification as the reader sees it: the words rendered now, the codes for the console's links. */
export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  text: string;
  at: string;
  documentKind: string;
  documentId: string;
  taskId: string;
  read: boolean;
}

export class ListNotifications extends Query<NotificationView[]> {
  constructor(
    readonly principal: Principal,
    readonly filter: ListNotificationsQueryDto,
  ) {
    super();
  }
}

/** How many are unread, counted up to a cap (the header shows 99+): the count never reads the whole history. */
export interface UnreadCount {
  unread: number;
  /** More are unread than `unread` says: the count stops at its cap (the console shows "99+"). */
  capped: boolean;
}

export interface NotificationRead {
  id: string;
  read: true;
}

export class CountUnreadNotifications extends Query<UnreadCount> {
  constructor(readonly principal: Principal) {
    super();
  }
}

export class MarkNotificationRead extends Command<NotificationRead> {
  constructor(
    readonly principal: Principal,
    readonly notificationId: string,
  ) {
    super();
  }
}
