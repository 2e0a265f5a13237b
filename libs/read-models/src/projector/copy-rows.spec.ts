import { copyField, copyText } from './copy-rows';

describe('rows in COPY text format', () => {
  it('writes null as \\N, booleans as t and f, and objects as JSON', () => {
    expect(copyField(null)).toBe('\\N');
    expect([copyField(true), copyField(false)]).toEqual(['t', 'f']);
    expect(copyField(12.5)).toBe('12.5');
    expect(copyField({ stages: [{ id: 'a' }] })).toBe('{"stages":[{"id":"a"}]}');
  });

  it('escapes the characters COPY gives a meaning to, in text and inside JSON', () => {
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    // JSON escapes a line break as \n already: COPY must get the backslash itself escaped.
    expect(copyField({ comment: '第一行\n第二行' })).toBe('{"comment":"第一行\\\\n第二行"}');
    expect(copyField('\\N')).toBe('\\\\N');
  });

  it('puts the columns in the order given, a tab between them and a newline after each row', () => {
    const rows = [
      { position: 1, comment: null, at: '2025-06-02T00:00:00.000Z' },
      { at: '2025-06-03T00:00:00.000Z', position: 2, comment: '同意' },
    ];
    expect(copyText(['position', 'comment', 'at'], rows)).toBe('1\t\\N\t2025-06-02T00:00:00.000Z\n2\t同意\t2025-06-03T00:00:00.000Z\n');
  });
});
