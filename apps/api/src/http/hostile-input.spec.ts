import { hostileInputErrors, MAX_DEPTH } from './hostile-input';

describe('input no endpoint accepts', () => {
  it('passes ordinary JSON', () => {
    expect(hostileInputErrors({ narrative: '已完成过半\n下月继续', values: [{ indicatorId: 'P01-1', value: 1.5 }], emoji: '😀' })).toEqual(
      [],
    );
  });

  it('names the field of a NUL byte, a lone surrogate, and Infinity', () => {
    expect(hostileInputErrors({ narrative: 'a\u0000b' })).toEqual([expect.objectContaining({ field: 'narrative' })]);
    expect(hostileInputErrors({ values: [{ explanation: '\uD800x' }] })).toEqual([
      expect.objectContaining({ field: 'values[0].explanation' }),
    ]);
    expect(hostileInputErrors({ values: [{ value: JSON.parse('1e309') }] })).toEqual([
      expect.objectContaining({ field: 'values[0].value' }),
    ]);
  });

  it('refuses deep nesting and prototype keys', () => {
    let deep: unknown = 1;
    for (let i = 0; i <= MAX_DEPTH + 1; i++) deep = { a: deep };
    expect(hostileInputErrors(deep)).toHaveLength(1);
    expect(hostileInputErrors(JSON.parse('{"__proto__": {"admin": true}}'))).toEqual([expect.objectContaining({ field: '__proto__' })]);
  });

  it('names the field of a bidi override, a zero-width joiner, a line separator or a BOM, but not in a password', () => {
    for (const character of ['\u202E', '\u200D', '\u2028', '\uFEFF', '\u0085', '\u{E0041}']) {
      expect(hostileInputErrors({ displayName: `a${character}b` })).toEqual([expect.objectContaining({ field: 'displayName' })]);
    }
    expect(hostileInputErrors({ password: 'pass\u200Dword-is-mine' })).toEqual([]);
    expect(hostileInputErrors({ narrative: '（一）“引号”；冒号：顿号、书名号《》【】……——　全角空格' })).toEqual([]);
  });
});
