import { chinaDate, chinaDay, chinaDeadline, chinaTime, dayLabel, daysBetween, parseAsOf } from './china-time';

describe('times in China', () => {
  it('writes an instant as the China clock shows it, whatever the machine’s zone', () => {
    expect(chinaTime('2025-12-25T08:00:00Z')).toBe('2025年12月25日 16:00');
    // 23:59:59.999 in Beijing, the end of a notice's day.
    expect(chinaTime('2025-12-25T15:59:59.999Z')).toBe('2025年12月25日 23:59');
    expect(chinaDate('2025-12-25T16:30:00Z')).toBe('2025年12月26日');
    expect(chinaTime(null)).toBe('—');
  });

  it('writes a deadline at midnight in China as the end of the day before', () => {
    // A month's report is due by the 25th: the plan's calendar stores midnight that ends it.
    expect(chinaDeadline('2026-01-25T16:00:00.000Z')).toBe('2026年1月25日 23:59');
    expect(chinaDeadline('2025-12-25T15:59:59.999Z')).toBe('2025年12月25日 23:59');
    expect(chinaDeadline(undefined)).toBe('—');
  });

  it('writes a day and finds the China day of an instant', () => {
    expect(dayLabel('2026-01-05')).toBe('2026年1月5日');
    expect(chinaDay(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
  });

  it('counts calendar days in China, not 24-hour spans', () => {
    // 23:00 and 01:00 the next morning in Beijing: one day apart.
    expect(daysBetween('2025-12-25T15:00:00Z', '2025-12-25T17:00:00Z')).toBe(1);
    expect(daysBetween('2025-12-25T01:00:00Z', '2025-12-25T14:00:00Z')).toBe(0);
    expect(daysBetween('2025-12-25T01:00:00Z', '2025-12-20T14:00:00Z')).toBe(0);
  });

  it('reads an asOf of the address as a moment, and says when it is none (never Invalid Date)', () => {
    expect(parseAsOf('2025-07-01T00:00:00Z')).toEqual({ asOf: '2025-07-01T00:00:00.000Z', invalid: false });
    expect(parseAsOf('yesterday-ish')).toEqual({ invalid: true });
    expect(parseAsOf(null)).toEqual({ invalid: false });
  });
});
