import type { Actor } from '../actors';
import { documentSpec } from '../testing/document-spec';
import type { UrgeCommand } from './commands';
import { decideUrge } from './decide';
import type { UrgeEvent } from './events';
import { evolveUrge, initialUrgeState } from './state';

const given = documentSpec({ initial: initialUrgeState, evolve: evolveUrge, decide: decideUrge });
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const transport: Actor = { actorId: 'u-transport', role: 'submitter', unitId: 'transport' };
const post: Actor = { actorId: 'u-post', role: 'submitter', unitId: 'post' };
const edu: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const now = '2025-07-20T02:00:00.000Z';

// A co-led task: 市交通运输局 and 市邮政管理局.
const urge = (overrides: Partial<Extract<UrgeCommand, { type: 'UrgeTask' }>> = {}): UrgeCommand => ({
  type: 'UrgeTask',
  actor: coordinator,
  now,
  urgeId: 'p-P15-2025-06',
  task: { planId: 'p', taskId: 'p-P15', leadUnits: ['transport', 'post'] },
  period: '2025-06',
  message: '请于本周内报送',
  reported: false,
  ...overrides,
});
const urged: UrgeEvent = {
  type: 'TaskUrged',
  data: {
    urgeId: 'p-P15-2025-06',
    at: now,
    planId: 'p',
    taskId: 'p-P15',
    period: '2025-06',
    unitIds: ['transport', 'post'],
    message: '请于本周内报送',
  },
};
const ack = (actor: Actor): UrgeCommand => ({ type: 'AcknowledgeTaskUrge', actor, now });
const acknowledgedBy = (unitId: string): UrgeEvent => ({
  type: 'TaskUrgeAcknowledged',
  data: { urgeId: 'p-P15-2025-06', at: now, unitId },
});

describe('催报', () => {
  describe('before any urge', () => {
    it('is recorded by the task force office, addressed to every lead unit', () => given().when(urge()).then([urged]));

    it('is refused to units and auditors', () => {
      given()
        .when(urge({ actor: edu }))
        .thenRefused('forbidden');
      given()
        .when(urge({ actor: { actorId: 'a', role: 'auditor', unitId: null } }))
        .thenRefused('forbidden');
    });

    it('is refused when the report of the period has been filed', () =>
      given()
        .when(urge({ reported: true }))
        .thenRefused('invalid_state'));

    it('needs a month and a message of bounded length', () => {
      given()
        .when(urge({ period: '2025-13' }))
        .thenRefused('invalid_input', 'period');
      given()
        .when(urge({ message: '催'.repeat(501) }))
        .thenRefused('invalid_input', 'message');
    });
  });

  describe('urged', () => {
    it('is not urged twice for the same task and period', () => given(urged).when(urge()).thenRefused('invalid_state'));

    it('is acknowledged by each lead unit once; acknowledged when all have', () => {
      given(urged)
        .when(ack(transport))
        .then([acknowledgedBy('transport')]);
      given(urged, acknowledgedBy('transport')).when(ack(transport)).then([]);
      expect(given(urged, acknowledgedBy('transport')).state.status).toBe('urged');
      expect(given(urged, acknowledgedBy('transport'), acknowledgedBy('post')).state.status).toBe('acknowledged');
    });

    it('is not acknowledged by another unit or the office', () => {
      given(urged).when(ack(edu)).thenRefused('forbidden');
      given(urged).when(ack(coordinator)).thenRefused('forbidden');
    });
  });

  it('cannot be acknowledged before it exists', () => given().when(ack(post)).thenRefused('invalid_state'));
});
