import { noticeLine } from './play-year';

describe('what the demo year says of its 督办单', () => {
  it('names the closed notices supervision issued by rule, so closed never reads as more than issued', () => {
    expect(noticeLine({ issued: 5, closed: 42, cleared: 37 })).toBe(
      '督办单人工交办 5 件，销号 42 件（其中按规则下发、问题已整改的 37 件）',
    );
  });

  it('leaves that out when it closed only its own', () => {
    expect(noticeLine({ issued: 2, closed: 1, cleared: 0 })).toBe('督办单人工交办 2 件，销号 1 件');
  });
});
