import { reportDeadline } from './calendar';
import { progressStatus, reportingStatus, taskLight } from './dimensions';

const calendar = { period: 'monthly' as const, deadlineDay: 25 };
const deadlineOf = (period: string) => reportDeadline(period, calendar);
const closedThroughNovember = [
  '2025-01',
  '2025-02',
  '2025-03',
  '2025-04',
  '2025-05',
  '2025-06',
  '2025-07',
  '2025-08',
  '2025-09',
  '2025-10',
  '2025-11',
];

describe('reporting status', () => {
  it('is 按时 while no period has closed', () => {
    expect(reportingStatus({ reports: [], closedPeriods: [], deadlineOf })).toBe('on_time');
  });

  it('is 逾期未报 when nothing covers the latest closed period', () => {
    const reports = [{ period: '2025-10', firstSubmittedAt: '2025-11-20T00:00:00.000Z' }];
    expect(reportingStatus({ reports, closedPeriods: closedThroughNovember, deadlineOf })).toBe('overdue');
  });

  it('is not 逾期未报 for a task reported for the latest month although earlier months were skipped', () => {
    const reports = [{ period: '2025-11', firstSubmittedAt: '2025-12-20T00:00:00.000Z' }];
    expect(reportingStatus({ reports, closedPeriods: closedThroughNovember, deadlineOf })).toBe('on_time');
  });

  it('counts a report of a later month as covering the closed one', () => {
    const reports = [{ period: '2025-12', firstSubmittedAt: '2025-12-31T00:00:00.000Z' }];
    expect(reportingStatus({ reports, closedPeriods: closedThroughNovember, deadlineOf })).toBe('late');
  });

  it('is 已补报 when the report came after the deadline', () => {
    const reports = [{ period: '2025-11', firstSubmittedAt: '2025-12-26T00:00:00.000Z' }];
    expect(reportingStatus({ reports, closedPeriods: closedThroughNovember, deadlineOf })).toBe('late');
  });
});

describe('progress status', () => {
  const computers = { kind: 'cumulative' as const, target: 38801, comparator: '>=' as const };

  it('is 已完成 when every indicator meets its target', () => {
    expect(progressStatus({ indicators: [{ ...computers, value: 38801 }], schedulePercent: 90 })).toBe('completed');
  });

  it('is 进度滞后 when more than the tolerance below schedule, whatever the reporting', () => {
    expect(progressStatus({ indicators: [{ ...computers, value: 10000 }], schedulePercent: 50 })).toBe('behind');
    expect(progressStatus({ indicators: [{ ...computers, value: null }], schedulePercent: 50 })).toBe('behind');
  });

  it('is 正常推进 within the tolerance', () => {
    expect(progressStatus({ indicators: [{ ...computers, value: 16000 }], schedulePercent: 50 })).toBe('on_track');
  });
});

describe('the light', () => {
  const light = (reporting: 'on_time' | 'late' | 'overdue', progress: 'completed' | 'on_track' | 'behind', percent: number) =>
    taskLight({ reporting, progress, percent, schedulePercent: 60 });

  it('is red for an overdue report on an unfinished task', () => expect(light('overdue', 'on_track', 55)).toBe('red'));
  it('is red when lagging badly, even when reported on time', () => expect(light('on_time', 'behind', 39)).toBe('red'));
  it('is yellow when lagging', () => expect(light('on_time', 'behind', 45)).toBe('yellow'));
  it('is yellow when reported late', () => expect(light('late', 'on_track', 58)).toBe('yellow'));
  it('is yellow for a finished task whose report is owed', () => expect(light('overdue', 'completed', 100)).toBe('yellow'));
  it('is green when on time and on track', () => expect(light('on_time', 'on_track', 58)).toBe('green'));
  it('is green when on time and completed', () => expect(light('on_time', 'completed', 100)).toBe('green'));
});
