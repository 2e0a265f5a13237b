import { changedIndicators, returnReasons } from './revisions';

const entry = (type: string, extra: object = {}) => ({ type, at: '2025-07-01T00:00:00Z', actorId: 'a', role: 'submitter', ...extra });

describe('differences between revisions of a report', () => {
  it('shows of the API’s diff only the indicators whose value changed', () => {
    expect(
      changedIndicators([
        { indicatorId: 'P01-1', before: 20000, after: 20000, change: 0 },
        { indicatorId: 'P01-2', before: 150, after: 140, change: -10 },
      ]),
    ).toEqual([{ indicatorId: 'P01-2', before: 150, after: 140, change: -10 }]);
    expect(changedIndicators(undefined)).toBeUndefined();
  });

  it('gives the reviewers’ reasons for sending a report back, latest first', () => {
    const history = [
      entry('ReportSubmitted'),
      entry('ReportRejected', { comment: '第一次' }),
      entry('ReportResubmitted'),
      entry('ReportReturned', { comment: '第二次' }),
      entry('ReportApproved', { comment: '同意' }),
    ];
    expect(returnReasons(history).map((e) => e.comment)).toEqual(['第二次', '第一次']);
  });
});
