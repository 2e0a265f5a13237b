import { defaultPeriod, periodLabel, planYearOf } from './period';

describe('the period a unit reports on by default', () => {
  it('is the month just ended during the plan year', () => {
    expect(defaultPeriod(new Date('2025-07-10T00:00:00Z'), 2025)).toBe('2025-06');
  });

  it('is December once the plan year is over, and January before it starts', () => {
    expect(defaultPeriod(new Date('2026-01-05T00:00:00Z'), 2025)).toBe('2025-12');
    expect(defaultPeriod(new Date('2026-11-29T00:00:00Z'), 2025)).toBe('2025-12');
    expect(defaultPeriod(new Date('2025-01-05T00:00:00Z'), 2025)).toBe('2025-01');
  });

  it('reads the plan year from a task id and writes periods in Chinese', () => {
    expect(planYearOf('hengyang-2025-P01', 2030)).toBe(2025);
    expect(planYearOf('no-year', 2030)).toBe(2030);
    expect(periodLabel('2025-06')).toBe('2025年6月');
  });
});
