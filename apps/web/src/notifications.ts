import type { Role } from './api';

/** Where a notification leads: the page of the document it is about, one the reader may open. */
export function notificationLink(notification: { documentKind: string; documentId: string; taskId: string }, role: Role): string {
  switch (notification.documentKind) {
    case 'report':
      return `/reports/${encodeURIComponent(notification.documentId)}`;
    case 'notice':
      return `/notices/${encodeURIComponent(notification.documentId)}`;
    case 'extension':
      return '/extensions';
    case 'instruction':
      return `/tasks/${encodeURIComponent(notification.taskId)}`;
    case 'bulletin':
      return `/bulletins/${encodeURIComponent(notification.documentId)}`;
    default:
      // A 催报 is acknowledged in the unit's 待办.
      return role === 'auditor' || role === 'admin' ? '/dashboard' : '/inbox';
  }
}

/** The header's count: 99+ beyond what the API counts. */
export const unreadLabel = (count: { unread: number; capped: boolean }): string => (count.capped ? '99+' : String(count.unread));
