import { percentOfTarget } from './progress';

describe('percent of target', () => {
  it('divides a count by its target', () => {
    expect(percentOfTarget({ kind: 'cumulative', target: 38801, comparator: '>=' }, 20000)).toBe(51.55);
  });

  it('goes past 100 when a target is exceeded', () => {
    expect(percentOfTarget({ kind: 'cumulative', target: 200, comparator: '>=' }, 250)).toBe(125);
  });

  it('counts a ceiling as met while the value stays under it', () => {
    expect(percentOfTarget({ kind: 'standard', target: 2, comparator: '<=' }, 1.5)).toBe(100);
    expect(percentOfTarget({ kind: 'standard', target: 2, comparator: '<=' }, 4)).toBe(50);
  });

  it('reads milestones and narrative duties as done or not', () => {
    expect(percentOfTarget({ kind: 'milestone', target: null, comparator: '=' }, 1)).toBe(100);
    expect(percentOfTarget({ kind: 'qualitative', target: null, comparator: '=' }, 0)).toBe(0);
  });
});
