import { WEEKENDS_ONLY } from '../working-days';
import { DEFAULT_NOTICE_CHAIN } from './chain';
import { acknowledgeWorkingDays, currentNoticeRules, DEFAULT_NOTICE_RULES, noticeRulesFor } from './rules';
import { noticeActions, type TaskWatch } from './watch';

const rules = DEFAULT_NOTICE_RULES;
// The June report is due Friday 2025-07-25 (China time midnight); July's on Monday 2025-08-25.
const june = { period: '2025-06', deadline: '2025-07-24T16:00:00.000Z', filed: false, signedOff: false };
const july = { period: '2025-07', deadline: '2025-08-24T16:00:00.000Z', filed: false, signedOff: false };
const watch = (overrides: Partial<TaskWatch>): TaskWatch => ({
  now: '2025-07-01T02:00:00.000Z',
  periods: [june],
  returnsInARow: 0,
  open: [],
  ...overrides,
});
const actions = (w: TaskWatch) => noticeActions(w, rules, WEEKENDS_ONLY);

describe('supervision notices of a task', () => {
  describe('a period with nothing filed', () => {
    it('calls for nothing while its deadline is far', () => expect(actions(watch({}))).toEqual([]));

    it('calls for a blue notice within three working days of the deadline, not before', () => {
      expect(actions(watch({ now: '2025-07-21T02:00:00.000Z' }))).toEqual([]);
      expect(actions(watch({ now: '2025-07-22T02:00:00.000Z' }))).toEqual([
        {
          kind: 'issue',
          cause: 'deadline_near',
          level: 'blue',
          periods: ['2025-06'],
          matter: '2025年6月进展报告报送期限临近，请按时报送。',
        },
      ]);
    });

    it('calls for a red notice once the deadline has passed', () =>
      expect(actions(watch({ now: '2025-07-25T02:00:00.000Z' }))).toEqual([
        {
          kind: 'issue',
          cause: 'report_missing',
          level: 'red',
          periods: ['2025-06'],
          matter: '2025年6月进展报告逾期未报，请立即报送并说明原因。',
        },
      ]));

    it('adds the next missing period to the open red notice instead of issuing another', () => {
      const open = [{ noticeId: 'red-1', cause: 'report_missing' as const, periods: ['2025-06'], causeCleared: false }];
      expect(actions(watch({ now: '2025-08-26T02:00:00.000Z', periods: [june, july], open }))).toEqual([
        { kind: 'add_period', noticeId: 'red-1', period: '2025-07' },
      ]);
    });

    it('issues nothing twice: the same watch with its notice open calls for nothing', () => {
      const open = [{ noticeId: 'red-1', cause: 'report_missing' as const, periods: ['2025-06'], causeCleared: false }];
      expect(actions(watch({ now: '2025-07-25T02:00:00.000Z', open }))).toEqual([]);
    });
  });

  describe('a period reported late', () => {
    const open = [{ noticeId: 'red-1', cause: 'report_missing' as const, periods: ['2025-06'], causeCleared: false }];
    it('leaves the red notice open while the late report is only filed', () =>
      expect(actions(watch({ now: '2025-07-28T02:00:00.000Z', periods: [{ ...june, filed: true }], open }))).toEqual([]));

    it('marks the red notice 可销号 once the late report is signed off', () =>
      expect(actions(watch({ now: '2025-07-28T02:00:00.000Z', periods: [{ ...june, filed: true, signedOff: true }], open }))).toEqual([
        { kind: 'clear_cause', noticeId: 'red-1', detail: '2025年6月报告已签发' },
      ]));

    it('marks the blue notice 可销号 once the report is filed', () =>
      expect(
        actions(
          watch({
            now: '2025-07-22T02:00:00.000Z',
            periods: [{ ...june, filed: true }],
            open: [{ noticeId: 'blue-1', cause: 'deadline_near', periods: ['2025-06'], causeCleared: false }],
          }),
        ),
      ).toEqual([{ kind: 'clear_cause', noticeId: 'blue-1', detail: '2025年6月报告已报送' }]));
  });

  describe('signed-off progress', () => {
    const reported = [{ ...june, filed: true, signedOff: true }];
    const progress = { period: '2025-06', taskPercent: 30, schedulePercent: 50, tolerance: 10 };
    it('calls for a yellow notice when it trails schedule by more than the tolerance', () =>
      expect(actions(watch({ periods: reported, progress }))).toEqual([
        {
          kind: 'issue',
          cause: 'behind_schedule',
          level: 'yellow',
          periods: ['2025-06'],
          matter: '截至2025年6月，完成进度 30% 落后序时进度 50%，请分析原因、制定整改措施。',
        },
      ]));

    it('calls for nothing within the tolerance', () =>
      expect(actions(watch({ periods: reported, progress: { ...progress, taskPercent: 41 } }))).toEqual([]));

    it('marks the yellow notice 可销号 when the task is back on schedule', () =>
      expect(
        actions(
          watch({
            periods: reported,
            progress: { ...progress, taskPercent: 45 },
            open: [{ noticeId: 'y-1', cause: 'behind_schedule', periods: ['2025-06'], causeCleared: false }],
          }),
        ),
      ).toEqual([{ kind: 'clear_cause', noticeId: 'y-1', detail: '2025年6月进度已达序时要求' }]));
  });

  describe('reports returned in a row', () => {
    it('calls for a yellow notice at the second return', () => {
      expect(actions(watch({ returnsInARow: 1 }))).toEqual([]);
      expect(actions(watch({ returnsInARow: 2 }))).toEqual([
        { kind: 'issue', cause: 'returned_twice', level: 'yellow', periods: [], matter: '进展报告连续 2 次被退回，请提高报送质量。' },
      ]);
    });
  });
});

describe('a plan’s notice rules', () => {
  it('keep the defaults where the plan says nothing, and take its word where it does', () => {
    expect(noticeRulesFor(undefined)).toEqual(DEFAULT_NOTICE_RULES);
    expect(noticeRulesFor({ blueWorkingDaysBeforeDeadline: 5, responseWorkingDays: { red: 2 } })).toEqual({
      ...DEFAULT_NOTICE_RULES,
      blueWorkingDaysBeforeDeadline: 5,
      responseWorkingDays: { blue: 5, yellow: 5, red: 2 },
    });
  });

  it('take 签收’s working days from the plan’s chain, or from the older noticeRules field of plans published before it', () => {
    const chain = {
      stages: DEFAULT_NOTICE_CHAIN.stages.map((stage) => (stage.id === 'acknowledge' ? { ...stage, slaWorkingDays: 2 } : stage)),
    };
    expect(acknowledgeWorkingDays(noticeRulesFor(undefined))).toBe(1);
    expect(acknowledgeWorkingDays(noticeRulesFor(undefined, chain))).toBe(2);
    expect(acknowledgeWorkingDays(noticeRulesFor({ acknowledgeWorkingDays: 3 }))).toBe(3);
  });

  it('read the shape workflows were given before the chain was plan data', () => {
    const legacy = {
      blueWorkingDaysBeforeDeadline: 3,
      acknowledgeWorkingDays: 2,
      responseWorkingDays: { blue: 5, yellow: 5, red: 3 },
      returnsInARow: 2,
      supervisors: ['coordinator', 'office'],
    };
    const rules = currentNoticeRules(legacy as never);
    expect(acknowledgeWorkingDays(rules)).toBe(2);
    expect(rules.chain.stages.map((stage) => stage.id)).toEqual(DEFAULT_NOTICE_CHAIN.stages.map((stage) => stage.id));
    expect(currentNoticeRules(undefined)).toBe(DEFAULT_NOTICE_RULES);
  });
});
