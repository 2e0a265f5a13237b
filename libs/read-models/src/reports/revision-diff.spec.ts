import { DEFAULT_CHAIN } from '@ledger/domain';
import { stageVisits } from '../scorecard/scorecard.query';
import { revisionDiff } from './revision-diff';

describe('the diff of a resubmission', () => {
  it('gives each indicator its value before and after, and names indicators that came or went', () => {
    const before = [
      { indicatorId: 'a', value: 10 },
      { indicatorId: 'b', value: 5 },
    ];
    const after = [
      { indicatorId: 'a', value: 12.5 },
      { indicatorId: 'c', value: 1 },
    ];
    expect(revisionDiff(before, after)).toEqual([
      { indicatorId: 'a', before: 10, after: 12.5, change: 2.5 },
      { indicatorId: 'c', before: null, after: 1, change: null },
      { indicatorId: 'b', before: 5, after: null, change: null },
    ]);
  });
});

describe('stage visits of a report timeline', () => {
  const at = (hour: number) => new Date(Date.UTC(2025, 5, 2, hour)).toISOString();
  const entry = (type: string, hour: number, extra: object = {}) => ({ type, at: at(hour), actorId: 'x', role: 'r', ...extra });

  it('counts each stay from entering a stage to leaving it, the unit’s revision time included', () => {
    const history = [
      entry('ReportSubmitted', 0, { stage: 'coordinator_review' }),
      entry('ReportOpened', 1, { stage: 'coordinator_review' }),
      entry('ReportRejected', 2, { stage: 'coordinator_review' }),
      entry('ReportResubmitted', 5, { stage: 'coordinator_review' }),
      entry('ReportApproved', 6, { stage: 'coordinator_review' }),
      entry('ReportSignedOff', 9, { stage: 'office_signoff' }),
    ];
    expect(stageVisits(DEFAULT_CHAIN, history)).toEqual([
      { stage: 'coordinator_review', enteredAt: at(0), leftAt: at(2) },
      { stage: 'returned', enteredAt: at(2), leftAt: at(5) },
      { stage: 'coordinator_review', enteredAt: at(5), leftAt: at(6) },
      { stage: 'office_signoff', enteredAt: at(6), leftAt: at(9) },
    ]);
  });
});
