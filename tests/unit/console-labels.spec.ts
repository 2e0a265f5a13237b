import {
  BULLETIN_EVENT_TYPES,
  EXTENSION_EVENT_TYPES,
  INSTRUCTION_EVENT_TYPES,
  NOTICE_EVENT_TYPES,
  REPORT_EVENT_TYPES,
  TARGET_EVENT_TYPES,
  URGE_EVENT_TYPES,
} from '@ledger/domain';
import { TASK_HISTORY_EVENT_TYPES } from '@ledger/read-models';
import { eventLabel as apiEventLabel } from '../../apps/api/src/audit/labels';
import { eventLabel, eventWithPeriod } from '../../apps/web/src/event-labels';

const HAN = /[\u4e00-\u9fff]/;

describe('every event of the record has Chinese words', () => {
  const types = [
    'PlanPublished',
    ...REPORT_EVENT_TYPES,
    ...TARGET_EVENT_TYPES,
    ...NOTICE_EVENT_TYPES,
    ...URGE_EVENT_TYPES,
    ...EXTENSION_EVENT_TYPES,
    ...INSTRUCTION_EVENT_TYPES,
    ...BULLETIN_EVENT_TYPES,
  ];

  it.each(types)('%s, in the console', (type) => {
    expect(eventLabel(type)).toMatch(HAN);
    expect(eventLabel(type)).not.toBe('其他事件');
  });

  it.each(types.filter((type) => !type.startsWith('Bulletin')))('%s, in the API’s history and exports', (type) => {
    expect(apiEventLabel(type)).toMatch(HAN);
    expect(apiEventLabel(type)).not.toBe('其他事件');
  });

  // What a task's history and its exports show: the events the task-history projection indexes.
  it.each([...TASK_HISTORY_EVENT_TYPES])('%s, which a task’s history holds, has words in both', (type) => {
    expect(apiEventLabel(type)).toMatch(HAN);
    expect(apiEventLabel(type)).not.toBe('其他事件');
    expect(types).toContain(type);
  });

  it('names the month an event concerns, and never shows a code', () => {
    expect(eventWithPeriod('PeriodReportMissing', '2025-12')).toBe('逾期未报（2025年12月）');
    expect(eventWithPeriod('ReportSubmitted', undefined)).toBe('提交');
    expect(eventLabel('SomethingNew')).toBe('其他事件');
  });
});
