import { laterDeadline, periodDeadlineInForce } from './deadline';
import type { ExtensionState } from './state';

const calendar = { period: 'monthly' as const, deadlineDay: 25 };
const june = { taskId: 'p-P16', unitId: 'hrss', period: '2025-06' };
// June's report is due by the end of 25 July, China time.
const calendarDeadline = '2025-07-25T16:00:00.000Z';

const extension = (overrides: Partial<Extract<ExtensionState, { status: 'approved' }>> = {}): ExtensionState => ({
  status: 'approved',
  extensionId: 'x1',
  planId: 'p',
  taskId: 'p-P16',
  unitId: 'hrss',
  requestedBy: 'u-hrss',
  period: '2025-06',
  deadline: calendarDeadline,
  until: '2025-07-31',
  reason: '数据需经省平台核验',
  requestedAt: '2025-07-18T02:00:00.000Z',
  decidedAt: '2025-07-19T02:00:00.000Z',
  ...overrides,
});

describe('the report deadline in force', () => {
  it('is the plan calendar’s when nothing was extended', () => {
    expect(periodDeadlineInForce(june, calendar, [])).toEqual({ deadline: calendarDeadline, calendarDeadline });
  });

  it('moves to the end of the day an approved extension gives, China time', () => {
    expect(periodDeadlineInForce(june, calendar, [extension()])).toEqual({
      deadline: '2025-07-31T15:59:59.999Z',
      calendarDeadline,
      extensionId: 'x1',
    });
  });

  it('takes the latest of several approved extensions', () => {
    const later = extension({ extensionId: 'x2', until: '2025-08-10' });
    expect(periodDeadlineInForce(june, calendar, [later, extension()])).toMatchObject({
      deadline: '2025-08-10T15:59:59.999Z',
      extensionId: 'x2',
    });
  });

  it('is not moved by an extension of another unit, task or period, of a notice, or one not approved', () => {
    const { decidedAt: _decided, ...asked } = extension() as Extract<ExtensionState, { status: 'approved' }>;
    const others: ExtensionState[] = [
      extension({ unitId: 'data' }),
      extension({ taskId: 'p-P17' }),
      extension({ period: '2025-07' }),
      extension({ period: undefined, noticeId: 'n1' }),
      { ...asked, status: 'requested' },
      { ...asked, status: 'refused', decidedAt: '2025-07-19T02:00:00.000Z', refusal: '理由不充分' },
    ];
    expect(periodDeadlineInForce(june, calendar, others)).toEqual({ deadline: calendarDeadline, calendarDeadline });
  });

  it('is never brought forward by an extension to an earlier day', () => {
    expect(periodDeadlineInForce(june, calendar, [extension({ until: '2025-07-20' })])).toEqual({
      deadline: calendarDeadline,
      calendarDeadline,
    });
  });
});

describe('the deadline an approved extension sets for a period (the supervision workflow and its reconciliation)', () => {
  it('is the end of the day it gives, China time, when that is later than the calendar’s', () => {
    expect(laterDeadline('2025-06', '2025-07-31', calendar)).toBe('2025-07-31T15:59:59.999Z');
  });

  it('takes a moment as it is', () => {
    expect(laterDeadline('2025-06', '2025-07-26T02:00:00.000Z', calendar)).toBe('2025-07-26T02:00:00.000Z');
  });

  it('is none when it would bring the deadline forward or leave it where it is', () => {
    expect(laterDeadline('2025-06', '2025-07-20', calendar)).toBeUndefined();
    expect(laterDeadline('2025-06', '2025-07-25', calendar)).toBeUndefined();
  });
});
