import { flagImplausible, implausibleReasons, plausibilityProblems } from './plausibility';

describe('plausibility of a reported value', () => {
  const computers = { target: 38801, lastSignedOff: 12000 };

  it('questions a value far above the target (999,999,999 台 against 38,801)', () => {
    expect(implausibleReasons(999_999_999, computers)).toEqual(['far_above_target', 'jump_out_of_line']);
  });

  it('questions a rise in one period above half the target', () => {
    expect(implausibleReasons(12000 + 20000, computers)).toEqual(['jump_out_of_line']);
  });

  it('lets an ordinary month pass, and judges nothing without a target', () => {
    expect(implausibleReasons(15000, computers)).toEqual([]);
    expect(implausibleReasons(40000, { target: 38801, lastSignedOff: 30000 })).toEqual([]);
    expect(implausibleReasons(1e9, undefined)).toEqual([]);
    expect(implausibleReasons(1e9, { target: 0 })).toEqual([]);
  });

  it('refuses an unconfirmed implausible value naming its field, and takes a confirmed one', () => {
    const facts = { A: computers, B: { target: 100 } };
    const values = [
      { indicatorId: 'A', value: 15000 },
      { indicatorId: 'B', value: 1000 },
    ];
    expect(plausibilityProblems(values, facts)).toEqual([
      { field: 'values[1].confirmedImplausible', message: expect.stringContaining('数值异常') as string },
    ]);
    expect(plausibilityProblems([values[0]!, { ...values[1]!, confirmedImplausible: true }], facts)).toEqual([]);
    expect(plausibilityProblems(values, undefined)).toEqual([]);
  });

  it('records the reasons on a confirmed value for the reviewer, and drops a needless confirmation', () => {
    const facts = { A: computers, B: { target: 100 } };
    expect(
      flagImplausible(
        [
          { indicatorId: 'A', value: 15000, confirmedImplausible: true },
          { indicatorId: 'B', value: 1000, confirmedImplausible: true },
        ],
        facts,
      ),
    ).toEqual([
      { indicatorId: 'A', value: 15000 },
      { indicatorId: 'B', value: 1000, confirmedImplausible: true, implausible: ['far_above_target'] },
    ]);
  });
});
