import type { InboxItem } from './api';
import { filterInbox, inboxOrder, slaCountdown } from './inbox';

const item = (reportId: string, change: Partial<InboxItem>): InboxItem => ({
  reportId,
  taskId: `t-${reportId}`,
  taskCode: reportId,
  taskTitle: reportId,
  period: '2025-06',
  unitId: 'edu',
  stage: 'coordinator_review',
  since: '2025-07-01T00:00:00Z',
  slaDue: '2025-07-04T00:00:00Z',
  overdue: false,
  urged: false,
  ...change,
});

describe('the inbox order, filters and countdown', () => {
  it('puts overdue reports first, then the nearest time limit, then the longest waiting; no limit last', () => {
    const items = [
      item('none', { slaDue: null }),
      item('later', { slaDue: '2025-07-09T00:00:00Z' }),
      item('late', { overdue: true, slaDue: '2025-07-02T00:00:00Z' }),
      item('sooner-newer', { slaDue: '2025-07-05T00:00:00Z', since: '2025-07-02T00:00:00Z' }),
      item('sooner-older', { slaDue: '2025-07-05T00:00:00Z', since: '2025-07-01T00:00:00Z' }),
    ];
    expect(inboxOrder(items).map((i) => i.reportId)).toEqual(['late', 'sooner-older', 'sooner-newer', 'later', 'none']);
  });

  it('keeps one unit’s reports, or the overdue ones', () => {
    const items = [item('a', { unitId: 'edu' }), item('b', { unitId: 'health', overdue: true }), item('c', { unitId: 'health' })];
    expect(filterInbox(items, { unitId: 'health' }).map((i) => i.reportId)).toEqual(['b', 'c']);
    expect(filterInbox(items, { overdueOnly: true }).map((i) => i.reportId)).toEqual(['b']);
    expect(filterInbox(items, {}).map((i) => i.reportId)).toEqual(['a', 'b', 'c']);
  });

  it('says what is left of the time limit, and by how much it is past', () => {
    const now = new Date('2025-07-02T10:00:00Z');
    expect(slaCountdown('2025-07-04T13:00:00Z', now)).toEqual({ tone: 'normal', text: '剩 2 天 3 小时' });
    expect(slaCountdown('2025-07-02T15:30:00Z', now)).toEqual({ tone: 'soon', text: '剩 5 小时' });
    expect(slaCountdown('2025-07-02T10:20:00Z', now)).toEqual({ tone: 'soon', text: '剩 不到 1 小时' });
    expect(slaCountdown('2025-07-01T06:00:00Z', now)).toEqual({ tone: 'overdue', text: '已超时 1 天 4 小时' });
    expect(slaCountdown('2025-06-30T10:00:00Z', now)).toEqual({ tone: 'overdue', text: '已超时 2 天' });
    expect(slaCountdown(null, now)).toBeUndefined();
  });
});
