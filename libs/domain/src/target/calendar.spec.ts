import { closedPeriods, periodBounds, periodsOf, reportDeadline, schedulePercent } from './calendar';
import { taskPercent, taskStatus } from './status';

const calendar = { period: 'monthly' as const, deadlineDay: 25 };

describe('the plan calendar (China Standard Time)', () => {
  it('has twelve monthly periods', () => {
    expect(periodsOf(2025)).toHaveLength(12);
    expect(periodsOf(2025)[5]).toBe('2025-06');
  });

  it('bounds a month at CST midnight', () => {
    expect(periodBounds('2025-06')).toEqual({ start: '2025-05-31T16:00:00.000Z', end: '2025-06-30T16:00:00.000Z' });
  });

  it("makes June's report due by the end of 25 July", () => {
    expect(reportDeadline('2025-06', calendar)).toBe('2025-07-25T16:00:00.000Z');
    expect(reportDeadline('2025-12', calendar)).toBe('2026-01-25T16:00:00.000Z');
  });

  it('gives schedule progress as the share of the year elapsed', () => {
    expect(schedulePercent(2025, '2024-12-31T15:59:59.000Z')).toBe(0);
    expect(schedulePercent(2025, '2025-07-02T04:00:00.000Z')).toBe(50);
    expect(schedulePercent(2025, '2026-03-01T00:00:00.000Z')).toBe(100);
  });

  it('closes a period once its deadline passed', () => {
    expect(closedPeriods(2025, calendar, '2025-07-25T15:59:59.000Z')).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05']);
    expect(closedPeriods(2025, calendar, '2025-07-25T16:00:00.000Z')).toContain('2025-06');
  });
});

describe('task status', () => {
  const computers = { kind: 'cumulative' as const, target: 38801, comparator: '>=' as const };

  it('is 已完成 when every indicator meets its target', () => {
    expect(taskStatus({ indicators: [{ ...computers, value: 38801 }], schedulePercent: 40, missingReport: true })).toBe('completed');
  });

  it('is 逾期未报 when a closed period has no report', () => {
    expect(taskStatus({ indicators: [{ ...computers, value: 30000 }], schedulePercent: 50, missingReport: true })).toBe('overdue');
  });

  it('is 进度滞后 when progress trails schedule by more than the tolerance', () => {
    expect(taskStatus({ indicators: [{ ...computers, value: 10000 }], schedulePercent: 50, missingReport: false })).toBe('behind');
    expect(taskStatus({ indicators: [{ ...computers, value: 16000 }], schedulePercent: 50, missingReport: false })).toBe('on_track');
  });

  it('caps each indicator at 100 % so one far ahead does not hide one behind', () => {
    const labs = { kind: 'cumulative' as const, target: 297, comparator: '>=' as const };
    expect(
      taskPercent([
        { ...computers, value: 77602 },
        { ...labs, value: 0 },
      ]),
    ).toBe(50);
  });
});
