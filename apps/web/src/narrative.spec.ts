import { composeNarrative, emptyNarrative, parseNarrative } from './narrative';

describe('the narrative that carries the report form’s written parts', () => {
  it('puts each filled part under its heading and reads them back', () => {
    const parts = {
      progress: '已完成过半。',
      problems: '机房改造滞后。',
      nextSteps: '七月底完成。',
      evidence: '衡教装〔2025〕12号\n台账第3册',
    };
    const text = composeNarrative(parts);
    expect(text).toBe(
      '【进展情况】\n已完成过半。\n\n【存在问题】\n机房改造滞后。\n\n【下步计划】\n七月底完成。\n\n【佐证材料】\n衡教装〔2025〕12号\n台账第3册',
    );
    expect(parseNarrative(text)).toEqual(parts);
  });

  it('leaves out empty parts', () => {
    expect(composeNarrative({ ...emptyNarrative(), progress: '按计划推进', nextSteps: '  ' })).toBe('【进展情况】\n按计划推进');
  });

  it('reads a narrative without headings as the progress part', () => {
    expect(parseNarrative('已完成过半')).toEqual({ ...emptyNarrative(), progress: '已完成过半' });
    expect(parseNarrative('')).toEqual(emptyNarrative());
  });

  it('keeps text written before the first heading as progress', () => {
    expect(parseNarrative('总体顺利\n【存在问题】\n资金未到位')).toEqual({
      ...emptyNarrative(),
      progress: '总体顺利',
      problems: '资金未到位',
    });
  });
});
