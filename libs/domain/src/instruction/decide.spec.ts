import type { Actor } from '../actors';
import { documentSpec } from '../testing/document-spec';
import type { InstructionCommand, RecordInstruction } from './commands';
import { decideInstruction } from './decide';
import type { InstructionEvent } from './events';
import { evolveInstruction, initialInstructionState } from './state';

const given = documentSpec({ initial: initialInstructionState, evolve: evolveInstruction, decide: decideInstruction });
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const data: Actor = { actorId: 'u-data', role: 'submitter', unitId: 'data' };
const hrss: Actor = { actorId: 'u-hrss', role: 'submitter', unitId: 'hrss' };
const edu: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const now = '2025-07-18T02:00:00.000Z';
// The plan's task force (seeds/hengyang-2025/plan.yaml): positions only, never names.
const taskForce = {
  convener: { unit: 'gov', position: '分管副市长' },
  deputyConveners: [
    { unit: 'gov', position: '协管副秘书长' },
    { unit: 'hrss', position: '主要负责人' },
  ],
};
// A co-led task: 市数据局 and 市人社局.
const task = { planId: 'p', taskId: 'p-P16', leadUnits: ['data', 'hrss'] };

const record = (overrides: Partial<RecordInstruction> = {}): InstructionCommand => ({
  type: 'RecordInstruction',
  actor: office,
  now,
  instructionId: 'i1',
  task,
  by: 'convener',
  taskForce,
  text: '请加快推进，月底前见成效',
  ...overrides,
});
const recorded: InstructionEvent = {
  type: 'InstructionRecorded',
  data: {
    instructionId: 'i1',
    at: now,
    planId: 'p',
    taskId: 'p-P16',
    unitIds: ['data', 'hrss'],
    by: { role: 'convener', unit: 'gov', position: '分管副市长' },
    text: '请加快推进，月底前见成效',
  },
};
const read = (unitId: string): InstructionEvent => ({ type: 'InstructionAcknowledged', data: { instructionId: 'i1', at: now, unitId } });
const carriedOut = (unitId: string, text: string): InstructionEvent => ({
  type: 'InstructionCarriedOut',
  data: { instructionId: 'i1', at: now, unitId, text },
});

describe('an instruction', () => {
  describe('before it is recorded', () => {
    it('is recorded by the office, attributed to the convener by position, for every lead unit', () =>
      given().when(record()).then([recorded]));

    it('names one deputy convener by unit, when the plan has several', () => {
      given()
        .when(record({ by: 'deputy_convener', byUnit: 'hrss' }))
        .then([{ ...recorded, data: { ...recorded.data, by: { role: 'deputy_convener', unit: 'hrss', position: '主要负责人' } } }]);
      given()
        .when(record({ by: 'deputy_convener' }))
        .thenRefused('invalid_input', 'byUnit');
      given()
        .when(record({ by: 'deputy_convener', byUnit: 'edu' }))
        .thenRefused('invalid_input', 'byUnit');
      given()
        .when(record({ by: 'mayor' as never }))
        .thenRefused('invalid_input', 'by');
    });

    it('on a notice, goes to the units the notice went to', () =>
      given()
        .when(record({ noticeId: 'n1', notice: { taskId: 'p-P16', unitIds: ['hrss'], status: 'issued', dueAt: now } }))
        .then([{ ...recorded, data: { ...recorded.data, noticeId: 'n1', unitIds: ['hrss'] } }]));

    it('needs a text and a notice of the task; only the office records', () => {
      given()
        .when(record({ text: '' }))
        .thenRefused('invalid_input', 'text');
      given()
        .when(record({ noticeId: 'n1', notice: null }))
        .thenRefused('invalid_input', 'noticeId');
      given()
        .when(record({ actor: coordinator }))
        .thenRefused('forbidden');
    });
  });

  describe('recorded', () => {
    it('is read (阅示) by each lead unit once', () => {
      given(recorded)
        .when({ type: 'AcknowledgeInstruction', actor: data, now })
        .then([read('data')]);
      given(recorded, read('data')).when({ type: 'AcknowledgeInstruction', actor: data, now }).then([]);
      expect(given(recorded, read('data'), read('hrss')).state.status).toBe('acknowledged');
    });

    it('is not answered by another unit', () =>
      given(recorded).when({ type: 'AcknowledgeInstruction', actor: edu, now }).thenRefused('forbidden'));

    it('is reported on (落实情况) after it is read, once per unit, with a text', () => {
      const report = (actor: Actor, text = '已召开专题会部署'): InstructionCommand => ({ type: 'ReportOnInstruction', actor, now, text });
      given(recorded).when(report(data)).thenRefused('invalid_state');
      given(recorded, read('data'))
        .when(report(data))
        .then([carriedOut('data', '已召开专题会部署')]);
      given(recorded, read('data')).when(report(data, ' ')).thenRefused('invalid_input', 'text');
      given(recorded, read('data'), carriedOut('data', 'x')).when(report(data)).thenRefused('invalid_state');
      given(recorded, read('data'), carriedOut('data', 'x')).when(report(hrss)).thenRefused('invalid_state');
      const done = given(recorded, read('data'), read('hrss'), carriedOut('data', 'x'), carriedOut('hrss', 'y'));
      expect(done.state.status).toBe('reported');
    });
  });
});
