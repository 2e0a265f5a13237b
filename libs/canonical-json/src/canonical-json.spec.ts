import { canonicalJson } from './index';

describe('canonicalJson', () => {
  it('gives the same text whatever the key order, at every depth', () => {
    const a = { b: 1, a: { d: [1, { z: true, y: null }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { y: null, z: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}');
  });

  it('leaves out undefined properties, as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(canonicalJson([undefined])).toBe(JSON.stringify([undefined]));
  });

  it('reads back as the value it was made from', () => {
    const value = { name: '补充配置电脑', target: 38801, ratio: 97.3, list: ['台', null] };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('writes what JSON.stringify writes for dates, functions and non-finite numbers', () => {
    const value = { at: new Date('2025-06-30T08:00:00.000Z'), f: () => 1, n: Number.NaN, list: [() => 1, Infinity] };
    expect(canonicalJson(value)).toBe('{"at":"2025-06-30T08:00:00.000Z","list":[null,null],"n":null}');
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('orders keys by UTF-16 code units, as before', () => {
    expect(canonicalJson({ b: 1, B: 2, 中: 3, a: 4, 'a-b': 5 })).toBe('{"B":2,"a":4,"a-b":5,"b":1,"中":3}');
  });
});
