import { CHINA_HOLIDAY_SCHEDULES } from './public-holidays';
import { addWorkingDays, CHINA_WORKING_DAYS, cstDayOf, stageDeadlines, WEEKENDS_ONLY, workingCalendar } from './working-days';

/** A moment at China Standard Time, as the ISO string the rules use. */
const cst = (dateTime: string) => new Date(`${dateTime}+08:00`).toISOString();
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('working days at China Standard Time', () => {
  it('skips weekends and keeps the time of day', () => {
    // Thursday 2025-03-13 10:00 + 3 working days: Friday, Monday, Tuesday.
    expect(addWorkingDays(cst('2025-03-13T10:00:00'), 3)).toBe(cst('2025-03-18T10:00:00'));
    // Friday late evening in Beijing is still Friday there, though Friday afternoon in UTC.
    expect(addWorkingDays(cst('2025-03-14T23:30:00'), 1)).toBe(cst('2025-03-17T23:30:00'));
  });

  it('skips the National Day holiday and counts the Saturday worked in exchange', () => {
    // Entered Tuesday 2025-09-30: 1–8 October are off; Thursday 9th, Friday 10th, Saturday 11th (worked).
    expect(addWorkingDays(cst('2025-09-30T09:00:00'), 3)).toBe(cst('2025-10-11T09:00:00'));
    // Counting weekends only, as before the holidays were known: Wednesday 1st to Friday 3rd.
    expect(addWorkingDays(cst('2025-09-30T09:00:00'), 3, WEEKENDS_ONLY)).toBe(cst('2025-10-03T09:00:00'));
  });

  it('counts the Sunday worked before the Spring Festival and skips the festival', () => {
    // Friday 2025-01-24: Sunday 26th is worked, Monday 27th, then 28 January – 4 February are off.
    expect(addWorkingDays(cst('2025-01-24T15:00:00'), 2)).toBe(cst('2025-01-27T15:00:00'));
    expect(addWorkingDays(cst('2025-01-24T15:00:00'), 3)).toBe(cst('2025-02-05T15:00:00'));
    // 2026: off 15–23 February, Saturday 14th and Saturday 28th worked.
    expect(addWorkingDays(cst('2026-02-13T09:00:00'), 1)).toBe(cst('2026-02-14T09:00:00'));
    expect(addWorkingDays(cst('2026-02-13T09:00:00'), 2)).toBe(cst('2026-02-24T09:00:00'));
  });

  it('skips weekends only in a year with no schedule yet', () => {
    // 1 October 2027 is a Friday; no 2027 schedule is known here.
    expect(CHINA_HOLIDAY_SCHEDULES.some((schedule) => schedule.year === 2027)).toBe(false);
    expect(addWorkingDays(cst('2027-09-30T09:00:00'), 2)).toBe(cst('2027-10-04T09:00:00'));
  });

  it('works out reminder, due and escalation around a holiday', () => {
    // Entered Wednesday 2026-04-29 with two working days: Thursday 30th; 1–5 May off; Wednesday 6th.
    expect(stageDeadlines(cst('2026-04-29T10:00:00'), 2)).toEqual({
      remindAt: cst('2026-04-30T10:00:00'),
      dueAt: cst('2026-05-06T10:00:00'),
      escalateAt: cst('2026-05-07T10:00:00'),
    });
  });

  it('builds a calendar from any schedule', () => {
    const calendar = workingCalendar([
      { year: 2030, notice: 'test', daysOff: [['2030-03-04', '2030-03-05']], workingWeekendDays: ['2030-03-09'] },
    ]);
    expect(['2030-03-04', '2030-03-05', '2030-03-06', '2030-03-09', '2030-03-10'].map((d) => calendar(cstDayOf(d)))).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it.each(CHINA_HOLIDAY_SCHEDULES.map((schedule) => [schedule.year, schedule] as const))(
    'has a consistent %i schedule: days off within the year and in order, worked days on weekends and not off',
    (year, schedule) => {
      let previous = '';
      for (const [from, to] of schedule.daysOff) {
        expect([from.slice(0, 4), to.slice(0, 4)]).toEqual([String(year), String(year)]);
        expect(from <= to && from > previous).toBe(true);
        previous = to;
      }
      for (const date of schedule.workingWeekendDays) {
        expect(date.slice(0, 4)).toBe(String(year));
        expect([0, 6]).toContain(weekday(date));
        expect(CHINA_WORKING_DAYS(cstDayOf(date))).toBe(true);
      }
    },
  );
});
