import type { Actor } from '../actors';
import { documentSpec } from '../testing/document-spec';
import type { ExtensionCommand, NoticeFacts, RequestExtension } from './commands';
import { decideExtension } from './decide';
import type { ExtensionEvent } from './events';
import { DEFAULT_EXTENSION_CHAIN } from './chain';
import { evolveExtension, initialExtensionState, type ExtensionState } from './state';

const given = documentSpec({ initial: initialExtensionState, evolve: evolveExtension, decide: decideExtension });
const hrss: Actor = { actorId: 'u-hrss', role: 'submitter', unitId: 'hrss' };
const data: Actor = { actorId: 'u-data', role: 'submitter', unitId: 'data' };
const edu: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
// The head of the office sits in 市人社局, which co-leads the task.
const officeOfHrss: Actor = { actorId: 'u-office-hrss', role: 'office', unitId: 'hrss' };
// Friday 2025-07-18, 10:00 China time; June's report is due by the end of 25 July.
const now = '2025-07-18T02:00:00.000Z';
const task = { planId: 'p', taskId: 'p-P16', leadUnits: ['data', 'hrss'] };
const notice: NoticeFacts = { taskId: 'p-P16', unitIds: ['hrss'], status: 'acknowledged', dueAt: '2025-07-24T02:00:00.000Z' };

const ask = (overrides: Partial<RequestExtension> = {}): ExtensionCommand => ({
  type: 'RequestExtension',
  actor: hrss,
  now,
  extensionId: 'x1',
  task,
  plan: { year: 2025, calendar: { period: 'monthly', deadlineDay: 25 } },
  period: '2025-06',
  until: '2025-07-31',
  reason: '数据需经省平台核验',
  ...overrides,
});
const requested: ExtensionEvent = {
  type: 'ExtensionRequested',
  data: {
    extensionId: 'x1',
    at: now,
    planId: 'p',
    taskId: 'p-P16',
    unitId: 'hrss',
    requestedBy: 'u-hrss',
    period: '2025-06',
    deadline: '2025-07-25T16:00:00.000Z',
    until: '2025-07-31',
    reason: '数据需经省平台核验',
  },
};
const approve = (actor: Actor, comment?: string): ExtensionCommand => ({ type: 'ApproveExtension', actor, now, comment });
const refuseIt = (actor: Actor, reason: string): ExtensionCommand => ({ type: 'RefuseExtension', actor, now, reason });

describe('an extension request', () => {
  describe('before it is asked', () => {
    it('is asked by a lead unit for a period, with the deadline in force recorded', () => given().when(ask()).then([requested]));

    it('is asked for a notice sent to the unit, later than its response deadline', () => {
      const { period: _period, ...rest } = requested.data;
      given()
        .when(ask({ period: undefined, noticeId: 'n1', notice }))
        .then([{ type: 'ExtensionRequested', data: { ...rest, noticeId: 'n1', deadline: notice.dueAt } }]);
    });

    it('is refused to other units and to the office', () => {
      given()
        .when(ask({ actor: edu }))
        .thenRefused('forbidden');
      given()
        .when(ask({ actor: office }))
        .thenRefused('forbidden');
      given()
        .when(ask({ actor: data, period: undefined, noticeId: 'n1', notice }))
        .thenRefused('forbidden');
    });

    it('names exactly one of period and notice', () => {
      given()
        .when(ask({ noticeId: 'n1', notice }))
        .thenRefused('invalid_input', 'noticeId');
      given()
        .when(ask({ period: undefined }))
        .thenRefused('invalid_input', 'period');
    });

    it('needs a reason, a period of the plan year, a notice of the task, and a day after the deadline', () => {
      given()
        .when(ask({ reason: ' ' }))
        .thenRefused('invalid_input', 'reason');
      given()
        .when(ask({ period: '2024-06' }))
        .thenRefused('invalid_input', 'period');
      given()
        .when(ask({ period: undefined, noticeId: 'n9', notice: null }))
        .thenRefused('invalid_input', 'noticeId');
      given()
        .when(ask({ period: undefined, noticeId: 'n1', notice: { ...notice, taskId: 'p-P01' } }))
        .thenRefused('invalid_input', 'noticeId');
      given()
        .when(ask({ until: '2025-07-25' }))
        .thenRefused('invalid_input', 'until');
      given()
        .when(ask({ until: '2025-07-01' }))
        .thenRefused('invalid_input', 'until');
    });

    it('is refused for a closed notice', () =>
      given()
        .when(ask({ period: undefined, noticeId: 'n1', notice: { ...notice, status: 'closed' } }))
        .thenRefused('invalid_state'));
  });

  describe('requested', () => {
    it('is approved by the office, naming the task, the period and the new day', () =>
      given(requested)
        .when(approve(office, '同意'))
        .then([
          {
            type: 'ExtensionApproved',
            data: { extensionId: 'x1', at: now, taskId: 'p-P16', period: '2025-06', until: '2025-07-31', comment: '同意' },
          },
        ]));

    it('is refused by the office with a reason', () => {
      given(requested)
        .when(refuseIt(office, '理由不充分'))
        .then([{ type: 'ExtensionRefused', data: { extensionId: 'x1', at: now, reason: '理由不充分' } }]);
      given(requested).when(refuseIt(office, '')).thenRefused('invalid_input', 'reason');
    });

    it('is not decided by the unit that asked, by the office sitting in it, nor by a coordinator', () => {
      given(requested).when(approve(hrss)).thenRefused('forbidden');
      given(requested).when(approve(officeOfHrss)).thenRefused('forbidden');
      given(requested).when(refuseIt(officeOfHrss, '不同意')).thenRefused('forbidden');
      given(requested).when(approve(coordinator)).thenRefused('forbidden');
    });

    it('is asked once', () => given(requested).when(ask()).thenRefused('invalid_state'));
  });

  describe('decided', () => {
    const approved: ExtensionEvent = {
      type: 'ExtensionApproved',
      data: { extensionId: 'x1', at: now, taskId: 'p-P16', period: '2025-06', until: '2025-07-31' },
    };
    it('is decided once', () => {
      given(requested, approved).when(approve(office)).thenRefused('invalid_state');
      given(requested, approved).when(refuseIt(office, '撤回')).thenRefused('invalid_state');
      expect(given(requested, approved).state.status).toBe('approved');
    });
  });
});

describe('an extension request under a plan’s own chain', () => {
  // The plan lets the 工作专班办公室's staff decide extensions too.
  const chain = {
    stages: DEFAULT_EXTENSION_CHAIN.stages.map((stage) =>
      stage.id === 'decide' ? { ...stage, roles: ['coordinator' as const, 'office' as const] } : stage,
    ),
  };
  const planned = documentSpec({
    initial: initialExtensionState,
    evolve: evolveExtension,
    decide: (command: ExtensionCommand, state: ExtensionState) => decideExtension(command, state, chain),
  });

  it('lets the roles of the deciding stage decide', () => {
    given(requested).when(approve(coordinator)).thenRefused('forbidden');
    const state = planned(requested).state;
    expect(decideExtension(approve(coordinator), state, chain).map((event) => event.type)).toEqual(['ExtensionApproved']);
  });
});
