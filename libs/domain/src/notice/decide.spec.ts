import type { Actor } from '../actors';
import { SYSTEM_ACTOR } from '../actors';
import { documentSpec } from '../testing/document-spec';
import { WEEKENDS_ONLY } from '../working-days';
import type { NoticeCommand, NoticeContext } from './commands';
import { decideNotice } from './decide';
import type { NoticeEvent } from './events';
import { DEFAULT_NOTICE_CHAIN } from './chain';
import { DEFAULT_NOTICE_RULES } from './rules';
import { evolveNotice, initialNoticeState, type NoticeState } from './state';

const context: NoticeContext = { rules: DEFAULT_NOTICE_RULES, calendar: WEEKENDS_ONLY };
const unit: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const otherUnit: Actor = { actorId: 'u-hrss', role: 'submitter', unitId: 'hrss' };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const auditor: Actor = { actorId: 'u-audit', role: 'auditor', unitId: null };
// Thursday 2025-07-03, 10:00 China time.
const now = '2025-07-03T02:00:00.000Z';
const later = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3600_000).toISOString();

const given = documentSpec<NoticeCommand, NoticeEvent, NoticeState>({
  initial: initialNoticeState,
  evolve: evolveNotice,
  decide: (command, state) => decideNotice(command, state, context),
});

const issue = (overrides: Partial<Extract<NoticeCommand, { type: 'IssueNotice' }>> = {}): NoticeCommand => ({
  type: 'IssueNotice',
  actor: coordinator,
  now,
  noticeId: 'n1',
  task: { planId: 'p', taskId: 'p-P01', leadUnits: ['edu'] },
  level: 'yellow',
  cause: 'manual',
  matter: '请说明电脑配置进度滞后原因',
  periods: [],
  ...overrides,
});

const issued: NoticeEvent = {
  type: 'NoticeIssued',
  data: {
    noticeId: 'n1',
    at: now,
    planId: 'p',
    taskId: 'p-P01',
    unitIds: ['edu'],
    level: 'yellow',
    cause: 'manual',
    matter: '请说明电脑配置进度滞后原因',
    periods: [],
    // One working day to sign (Friday), five to answer (the next Thursday), the time of day kept.
    acknowledgeBy: '2025-07-04T02:00:00.000Z',
    dueAt: '2025-07-10T02:00:00.000Z',
  },
};
const acknowledged: NoticeEvent = { type: 'NoticeAcknowledged', data: { noticeId: 'n1', at: later(now, 1), unitId: 'edu' } };
const responded: NoticeEvent = {
  type: 'NoticeResponded',
  data: {
    noticeId: 'n1',
    at: later(now, 2),
    unitId: 'edu',
    measures: '已完成招标，8月底前到货',
    expectedBy: '2025-08-31',
    evidence: ['att-1'],
  },
};

describe('a notice', () => {
  describe('before it is issued', () => {
    it('is issued by the task force office with deadlines counted in working days', () => given().when(issue()).then([issued]));

    it('takes a response day named by the issuer, answered by its end in China time', () =>
      given()
        .when(issue({ dueDate: '2025-07-08' }))
        .then([{ ...issued, data: { ...issued.data, dueAt: '2025-07-08T15:59:59.999Z' } }]));

    it('is refused to units and auditors', () => {
      given()
        .when(issue({ actor: unit }))
        .thenRefused('forbidden');
      given()
        .when(issue({ actor: auditor }))
        .thenRefused('forbidden');
    });

    it('needs a matter, a response day not yet past, and lead units of the task', () => {
      given()
        .when(issue({ matter: '  ' }))
        .thenRefused('invalid_input', 'matter');
      given()
        .when(issue({ dueDate: '2025-07-01' }))
        .thenRefused('invalid_input', 'dueDate');
      given()
        .when(issue({ dueDate: '7月8日' }))
        .thenRefused('invalid_input', 'dueDate');
      given()
        .when(issue({ unitIds: ['hrss'] }))
        .thenRefused('invalid_input', 'unitIds');
    });
  });

  describe('issued', () => {
    it('is signed for by the unit it went to, once', () => {
      given(issued)
        .when({ type: 'AcknowledgeNotice', actor: unit, now: later(now, 1) })
        .then([acknowledged]);
      given(issued, acknowledged)
        .when({ type: 'AcknowledgeNotice', actor: unit, now: later(now, 3) })
        .then([]);
    });

    it('is not signed for by another unit or the office', () => {
      given(issued).when({ type: 'AcknowledgeNotice', actor: otherUnit, now }).thenRefused('forbidden');
      given(issued).when({ type: 'AcknowledgeNotice', actor: office, now }).thenRefused('forbidden');
    });

    it('cannot be answered before it is signed for', () =>
      given(issued)
        .when({ type: 'RespondToNotice', actor: unit, now, measures: 'x', expectedBy: '2025-08-31', evidence: [] })
        .thenRefused('invalid_state'));

    it('rises a level when the signing deadline passes unmet, once, and not before', () => {
      const escalate: NoticeCommand = {
        type: 'EscalateNotice',
        actor: SYSTEM_ACTOR,
        now: '2025-07-04T02:00:00.000Z',
        deadline: 'acknowledge',
      };
      const escalated: NoticeEvent = {
        type: 'NoticeEscalated',
        data: { noticeId: 'n1', at: escalate.now, deadline: 'acknowledge', dueAt: '2025-07-04T02:00:00.000Z', from: 'yellow', to: 'red' },
      };
      given(issued).when(escalate).then([escalated]);
      given(issued, escalated).when(escalate).then([]);
      given(issued)
        .when({ ...escalate, now: later(escalate.now, -1) })
        .then([]);
      given(issued, acknowledged).when(escalate).then([]);
      given(issued)
        .when({ ...escalate, actor: coordinator })
        .thenRefused('forbidden');
    });
  });

  describe('signed for', () => {
    it('is answered by the unit with measures, the day it expects to be on track, and evidence', () =>
      given(issued, acknowledged)
        .when({
          type: 'RespondToNotice',
          actor: unit,
          now: later(now, 2),
          measures: '已完成招标，8月底前到货',
          expectedBy: '2025-08-31',
          evidence: ['att-1'],
        })
        .then([responded]));

    it('needs measures and a day', () => {
      const respond: NoticeCommand = { type: 'RespondToNotice', actor: unit, now, measures: '', expectedBy: '2025-13-01', evidence: [] };
      given(issued, acknowledged).when(respond).thenRefused('invalid_input', 'measures');
      given(issued, acknowledged).when(respond).thenRefused('invalid_input', 'expectedBy');
    });

    it('rises from yellow to red when the answer is late, and red stays red', () => {
      const escalate: NoticeCommand = { type: 'EscalateNotice', actor: SYSTEM_ACTOR, now: '2025-07-10T03:00:00.000Z', deadline: 'respond' };
      given(issued, acknowledged)
        .when(escalate)
        .then([
          {
            type: 'NoticeEscalated',
            data: { noticeId: 'n1', at: escalate.now, deadline: 'respond', dueAt: '2025-07-10T02:00:00.000Z', from: 'yellow', to: 'red' },
          },
        ]);
      const red: NoticeEvent = { ...issued, data: { ...issued.data, level: 'red' } };
      given(red, acknowledged)
        .when(escalate)
        .then([
          {
            type: 'NoticeEscalated',
            data: { noticeId: 'n1', at: escalate.now, deadline: 'respond', dueAt: '2025-07-10T02:00:00.000Z', from: 'red', to: 'red' },
          },
        ]);
    });

    it('cannot be closed while the cause remains and nothing is answered', () =>
      given(issued, acknowledged).when({ type: 'CloseNotice', actor: coordinator, now }).thenRefused('invalid_state'));

    it('can be closed once the cause went away (可销号), by a person', () => {
      const cleared: NoticeEvent = { type: 'NoticeCauseCleared', data: { noticeId: 'n1', at: now, detail: '2025年6月报告已签发' } };
      given(issued, acknowledged, cleared)
        .when({ type: 'CloseNotice', actor: office, now, comment: '已补报' })
        .then([{ type: 'NoticeClosed', data: { noticeId: 'n1', at: now, comment: '已补报' } }]);
    });
  });

  describe('answered', () => {
    it('is checked by the office: closed (销号) with a comment', () =>
      given(issued, acknowledged, responded)
        .when({ type: 'CloseNotice', actor: coordinator, now: later(now, 5), comment: '核查属实' })
        .then([{ type: 'NoticeClosed', data: { noticeId: 'n1', at: later(now, 5), comment: '核查属实' } }]));

    it('or returned to the unit with a reason and a new response deadline', () =>
      given(issued, acknowledged, responded)
        .when({ type: 'ReturnNotice', actor: coordinator, now: '2025-07-04T02:00:00.000Z', reason: '缺少佐证材料' })
        .then([
          {
            type: 'NoticeReturned',
            data: { noticeId: 'n1', at: '2025-07-04T02:00:00.000Z', reason: '缺少佐证材料', dueAt: '2025-07-11T02:00:00.000Z' },
          },
        ]));

    it('is not checked by the unit that answered it', () => {
      given(issued, acknowledged, responded).when({ type: 'CloseNotice', actor: unit, now }).thenRefused('forbidden');
      given(issued, acknowledged, responded).when({ type: 'ReturnNotice', actor: unit, now, reason: 'x' }).thenRefused('forbidden');
    });

    it('does not rise when the answer came in time and the timer fires late', () =>
      given(issued, acknowledged, responded)
        .when({ type: 'EscalateNotice', actor: SYSTEM_ACTOR, now: '2025-07-11T02:00:00.000Z', deadline: 'respond' })
        .then([]));

    it('cannot be returned without a reason, or answered twice while it is checked', () => {
      given(issued, acknowledged, responded)
        .when({ type: 'ReturnNotice', actor: coordinator, now, reason: ' ' })
        .thenRefused('invalid_input', 'reason');
      given(issued, acknowledged, responded)
        .when({ type: 'RespondToNotice', actor: unit, now, measures: 'x', expectedBy: '2025-08-31', evidence: [] })
        .thenRefused('invalid_state');
    });
  });

  describe('returned', () => {
    const returned: NoticeEvent = {
      type: 'NoticeReturned',
      data: { noticeId: 'n1', at: now, reason: '缺少佐证材料', dueAt: '2025-07-10T02:00:00.000Z' },
    };
    it('is answered again by the unit', () =>
      given(issued, acknowledged, responded, returned)
        .when({
          type: 'RespondToNotice',
          actor: unit,
          now: later(now, 6),
          measures: '补充验收单',
          expectedBy: '2025-08-31',
          evidence: ['att-2'],
        })
        .then([
          {
            type: 'NoticeResponded',
            data: {
              noticeId: 'n1',
              at: later(now, 6),
              unitId: 'edu',
              measures: '补充验收单',
              expectedBy: '2025-08-31',
              evidence: ['att-2'],
            },
          },
        ]));
  });

  describe('closed', () => {
    const closed: NoticeEvent = { type: 'NoticeClosed', data: { noticeId: 'n1', at: now } };
    it('takes no more answers, checks or closes; timers and supervision leave it be', () => {
      given(issued, acknowledged, responded, closed).when({ type: 'CloseNotice', actor: coordinator, now }).thenRefused('invalid_state');
      given(issued, acknowledged, responded, closed).when({ type: 'AcknowledgeNotice', actor: unit, now }).thenRefused('invalid_state');
      given(issued, acknowledged, responded, closed)
        .when({ type: 'EscalateNotice', actor: SYSTEM_ACTOR, now: '2025-12-31T00:00:00.000Z', deadline: 'respond' })
        .then([]);
      given(issued, acknowledged, responded, closed).when({ type: 'ClearNoticeCause', actor: SYSTEM_ACTOR, now, detail: 'x' }).then([]);
    });
  });

  describe('with an approved extension', () => {
    it('moves its response deadline later, never earlier', () => {
      const extend = { type: 'ExtendNoticeDeadline', actor: SYSTEM_ACTOR, now, extensionId: 'e1', until: '2025-07-20' } as const;
      given(issued, acknowledged)
        .when(extend)
        .then([
          { type: 'NoticeDeadlineExtended', data: { noticeId: 'n1', at: now, extensionId: 'e1', dueAt: '2025-07-20T15:59:59.999Z' } },
        ]);
      given(issued, acknowledged)
        .when({ ...extend, until: '2025-07-05' })
        .thenRefused('invalid_input', 'until');
      given(issued, acknowledged)
        .when({ ...extend, actor: unit })
        .thenRefused('forbidden');
    });

    it('is escalated against the new deadline only', () => {
      const extended: NoticeEvent = {
        type: 'NoticeDeadlineExtended',
        data: { noticeId: 'n1', at: now, extensionId: 'e1', dueAt: '2025-07-20T15:59:59.999Z' },
      };
      given(issued, acknowledged, extended)
        .when({ type: 'EscalateNotice', actor: SYSTEM_ACTOR, now: '2025-07-10T03:00:00.000Z', deadline: 'respond' })
        .then([]);
    });
  });

  describe('red, for missing reports', () => {
    const red: NoticeEvent = { ...issued, data: { ...issued.data, level: 'red', cause: 'report_missing', periods: ['2025-06'] } };
    it('collects a later missing period once', () => {
      const add = { type: 'AddNoticePeriod', actor: SYSTEM_ACTOR, now, period: '2025-07' } as const;
      const added: NoticeEvent = { type: 'NoticePeriodAdded', data: { noticeId: 'n1', at: now, period: '2025-07' } };
      given(red).when(add).then([added]);
      given(red, added).when(add).then([]);
      expect(given(red, added).state).toMatchObject({ periods: ['2025-06', '2025-07'] });
    });
  });
});

describe('a notice under a plan’s own chain', () => {
  // The plan splits 核查 from 销号: the staff check and may send back, only the office closes; 签收 gets two working days.
  const chain = {
    stages: [
      ...DEFAULT_NOTICE_CHAIN.stages
        .filter((stage) => stage.id !== 'check')
        .map((stage) => (stage.id === 'acknowledge' ? { ...stage, slaWorkingDays: 2 } : stage)),
      { id: 'check', name: '核查', roles: ['coordinator' as const], actions: ['return' as const] },
      { id: 'close', name: '销号', roles: ['office' as const], actions: ['close' as const] },
    ],
  };
  const planned = documentSpec<NoticeCommand, NoticeEvent, NoticeState>({
    initial: initialNoticeState,
    evolve: evolveNotice,
    decide: (command, state) => decideNotice(command, state, { rules: { ...DEFAULT_NOTICE_RULES, chain }, calendar: WEEKENDS_ONLY }),
  });

  it('gives 签收 the working days of its stage', () =>
    planned()
      .when(issue())
      .then([{ ...issued, data: { ...issued.data, acknowledgeBy: '2025-07-07T02:00:00.000Z' } } as NoticeEvent]));

  it('lets only the roles of each stage act there', () => {
    planned(issued, acknowledged, responded).when({ type: 'CloseNotice', actor: coordinator, now }).thenRefused('forbidden');
    planned(issued, acknowledged, responded)
      .when({ type: 'ReturnNotice', actor: office, now, reason: '缺少佐证材料' })
      .thenRefused('forbidden');
    planned(issued, acknowledged, responded)
      .when({ type: 'CloseNotice', actor: office, now })
      .then([{ type: 'NoticeClosed', data: { noticeId: 'n1', at: now } }]);
  });
});
