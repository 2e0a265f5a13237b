import type { NoticeHistoryEntry } from '../notices/entities';
import { answeredLate } from './scorecard.query';

const entry = (type: string, detail: Record<string, unknown> = {}): NoticeHistoryEntry => ({
  type,
  at: '2025-07-10T03:00:00.000Z',
  actorId: 'someone',
  role: 'submitter',
  detail,
});
const issued = entry('NoticeIssued');
const signed = entry('NoticeAcknowledged', { unitId: 'edu' });
const missedAnswer = entry('NoticeEscalated', { deadline: 'respond', from: 'yellow', to: 'red' });
const missedSigning = entry('NoticeEscalated', { deadline: 'acknowledge', from: 'blue', to: 'yellow' });
const answer = (unitId: string) => entry('NoticeResponded', { unitId, measures: '已整改' });

describe('a notice answered late', () => {
  it('is one the unit answered after its response deadline passed unmet', () => {
    expect(answeredLate([issued, signed, missedAnswer, answer('edu')], 'edu')).toBe(true);
  });

  it('is not one answered in time, or signed for late and answered in time', () => {
    expect(answeredLate([issued, signed, answer('edu')], 'edu')).toBe(false);
    expect(answeredLate([issued, missedSigning, signed, answer('edu')], 'edu')).toBe(false);
  });

  it('is not one whose new deadline (a return or an extension) was met', () => {
    const extended = entry('NoticeDeadlineExtended', { extensionId: 'e1' });
    expect(answeredLate([issued, signed, missedAnswer, extended, answer('edu')], 'edu')).toBe(false);
  });

  it('is the answering unit’s, not its co-lead’s', () => {
    expect(answeredLate([issued, signed, missedAnswer, answer('hrss')], 'edu')).toBe(false);
  });
});
