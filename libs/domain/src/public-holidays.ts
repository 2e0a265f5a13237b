/**
 * The State Council's yearly schedule of public holidays (放假) and the weekend days worked in
 * exchange (调休上班), as published each November for the next year. Dates are China Standard
 * Time calendar days. A year is added here when its notice is out, before the year starts:
 * deadlines counted into a year with no schedule skip weekends only.
 *
 * Stage deadlines of running workflows and of the report view are counted with these: after
 * adding a year, rebuild the report view (`npm run cli -- projections rebuild report-view`) if
 * any stage was entered before the change with a deadline in that year.
 */
export interface HolidaySchedule {
  year: number;
  /** The notice it comes from. */
  notice: string;
  /** Days off, as inclusive ranges of dates (weekends inside a range are off anyway). */
  daysOff: ReadonlyArray<readonly [from: string, to: string]>;
  /** Saturdays and Sundays that are working days. */
  workingWeekendDays: readonly string[];
}

export const CHINA_HOLIDAY_SCHEDULES: readonly HolidaySchedule[] = [
  {
    year: 2025,
    notice: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    daysOff: [
      ['2025-01-01', '2025-01-01'], // 元旦
      ['2025-01-28', '2025-02-04'], // 春节
      ['2025-04-04', '2025-04-06'], // 清明节
      ['2025-05-01', '2025-05-05'], // 劳动节
      ['2025-05-31', '2025-06-02'], // 端午节
      ['2025-10-01', '2025-10-08'], // 国庆节、中秋节
    ],
    workingWeekendDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    notice: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    daysOff: [
      ['2026-01-01', '2026-01-03'], // 元旦
      ['2026-02-15', '2026-02-23'], // 春节
      ['2026-04-04', '2026-04-06'], // 清明节
      ['2026-05-01', '2026-05-05'], // 劳动节
      ['2026-06-19', '2026-06-21'], // 端午节
      ['2026-09-25', '2026-09-27'], // 中秋节
      ['2026-10-01', '2026-10-07'], // 国庆节
    ],
    workingWeekendDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];
