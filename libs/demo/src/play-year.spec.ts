import { boardLine, noticeLine } from './play-year';

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

describe('what the demo year says of the board', () => {
  it('counts the two dimensions as the 督查看板 shows them, not the one-word status', () => {
    expect(boardLine({ reporting: { on_time: 0, late: 41, overdue: 3 }, progress: { completed: 27, on_track: 10, behind: 7 } })).toBe(
      '报送情况 按时 0、已补报 41、逾期未报 3；进度情况 已完成 27、正常推进 10、进度滞后 7',
    );
  });
});
