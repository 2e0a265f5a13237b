import { notificationLink, unreadLabel } from './notifications';

describe('notifications in the console', () => {
  it('lead to the page of their document', () => {
    expect(notificationLink({ documentKind: 'report', documentId: 'r1', taskId: 't' }, 'coordinator')).toBe('/reports/r1');
    expect(notificationLink({ documentKind: 'notice', documentId: 'n1', taskId: 't' }, 'submitter')).toBe('/notices/n1');
    expect(notificationLink({ documentKind: 'instruction', documentId: 'i1', taskId: 'hengyang-2025-P01' }, 'submitter')).toBe(
      '/tasks/hengyang-2025-P01',
    );
    expect(notificationLink({ documentKind: 'urge', documentId: 'u1', taskId: 't' }, 'submitter')).toBe('/inbox');
  });

  it('count up to 99, then say 99+', () => {
    expect(unreadLabel({ unread: 3, capped: false })).toBe('3');
    expect(unreadLabel({ unread: 99, capped: true })).toBe('99+');
  });
});
