import { textProblems } from './document-checks';
import { valueProblems } from './report/rules';
import { invisibleTextProblems, precisionProblem } from './text';

describe('texts every document kind takes', () => {
  it('refuse bidi overrides, zero-width characters, line separators and BOMs, naming the field and the character', () => {
    for (const [character, name] of [
      ['\u202E', 'U+202E'],
      ['\u200D', 'U+200D'],
      ['\u2028', 'U+2028'],
      ['\uFEFF', 'U+FEFF'],
      ['\u2067', 'U+2067'],
      ['\u{E0001}', 'U+E0001'],
    ]) {
      expect(textProblems('reason', `理由${character}`, true)).toEqual([{ field: 'reason', message: expect.stringContaining(name!) }]);
    }
  });

  it('keep Chinese punctuation, the ideographic space, line breaks and emoji', () => {
    expect(invisibleTextProblems('narrative', '（一）“引号”；冒号：顿号、《书名》【注】……——　全角\n换行 😀 ①')).toEqual([]);
  });
});

describe('figures', () => {
  it('count in whole numbers, and measure with at most four decimals', () => {
    expect(precisionProblem(38801, true)).toBeUndefined();
    expect(precisionProblem(0.5, true)).toMatch(/whole number/);
    expect(precisionProblem(1e-320, true)).toMatch(/whole number/);
    expect(precisionProblem(95.5, false)).toBeUndefined();
    expect(precisionProblem(12.3456, false)).toBeUndefined();
    expect(precisionProblem(1e-320, false)).toMatch(/decimal places/);
    expect(precisionProblem(0.123456, false)).toMatch(/decimal places/);
  });

  it('are checked per indicator: a count whole, a rate with decimals', () => {
    const values = [
      { indicatorId: 'count', value: 1e-320 },
      { indicatorId: 'rate', value: 92.5 },
      { indicatorId: 'money', value: 1e-320, explanation: '说明\u202E' },
    ];
    expect(valueProblems(values, ['count', 'rate', 'money'], {}, ['count']).map((problem) => problem.field)).toEqual([
      'values[0].value',
      'values[2].value',
      'values[2].explanation',
    ]);
  });
});
