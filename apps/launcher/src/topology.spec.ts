import { parseTopology } from './topology';

describe('the topology asked on the command line', () => {
  it('is none without its flags: every service runs in the launcher', () => {
    expect(parseTopology([])).toBeUndefined();
  });

  it('counts each service, 1 where not given, with a space or an equals sign', () => {
    expect(parseTopology(['--apis', '2', '--workers=3'])).toEqual({ apis: 2, workers: 3, projectors: 1 });
    expect(parseTopology(['--projectors', '2'])).toEqual({ apis: 1, workers: 1, projectors: 2 });
  });

  it('passes over the launcher’s other flags (npm start -- --demo-year)', () => {
    expect(parseTopology(['--demo-year'])).toBeUndefined();
    expect(parseTopology(['--demo-year', '--apis', '2'])).toEqual({ apis: 2, workers: 1, projectors: 1 });
    expect(() => parseTopology(['--demo-year=2'])).toThrow(/未知参数 --demo-year/);
  });

  it('refuses what it does not know, in Chinese and English, naming the argument', () => {
    expect(() => parseTopology(['--apis', 'two'])).toThrow(/--apis 须为 1 到 16 的整数，而不是 "two"/);
    expect(() => parseTopology(['--apis'])).toThrow(/--apis 须为/);
    expect(() => parseTopology(['--api', '2'])).toThrow(/未知参数 --api/);
  });
});
