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
});
