import { diffLastRevision, diffValues, returnReasons } from './revisions';

const entry = (type: string, extra: object = {}) => ({ type, at: '2025-07-01T00:00:00Z', actorId: 'a', role: 'submitter', ...extra });

describe('differences between revisions of a report', () => {
  it('lists only the indicators whose value changed', () => {
    expect(
      diffValues(
        [
          { indicatorId: 'P01-1', value: 20000 },
          { indicatorId: 'P01-2', value: 150 },
        ],
        [
          { indicatorId: 'P01-1', value: 20000 },
          { indicatorId: 'P01-2', value: 140 },
        ],
      ),
    ).toEqual([{ indicatorId: 'P01-2', before: 150, after: 140 }]);
  });

  it('compares the last two submissions recorded in the history', () => {
    const history = [
      entry('ReportSubmitted', { values: [{ indicatorId: 'x', value: 1 }] }),
      entry('ReportRejected', { role: 'coordinator', comment: '数据有误' }),
      entry('ReportResubmitted', { values: [{ indicatorId: 'x', value: 2 }] }),
    ];
    expect(diffLastRevision(history)).toEqual([{ indicatorId: 'x', before: 1, after: 2 }]);
  });

  it('has nothing to compare with one revision or without recorded values', () => {
    expect(diffLastRevision([entry('ReportSubmitted', { values: [] })])).toBeUndefined();
    expect(diffLastRevision([entry('ReportSubmitted'), entry('ReportResubmitted')])).toBeUndefined();
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
