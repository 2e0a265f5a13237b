import { DEFAULT_CHAIN } from '../report/chain';
import type { ReportEvent } from '../report/events';
import { memoOf, notificationsOf, type DocumentMemo, type NotifyingEvent } from './notifications';

const at = '2025-07-03T02:00:00.000Z';
const submitted: ReportEvent = {
  type: 'ReportSubmitted',
  data: {
    reportId: 'r1',
    at,
    planId: 'p',
    taskId: 'p-P16',
    period: '2025-06',
    unitId: 'hrss',
    countersignUnit: 'data',
    revision: 1,
    values: [],
    narrative: '',
    chain: DEFAULT_CHAIN,
    stage: 'countersign',
  },
};
const memo = memoOf(submitted)!;
const audiences = (event: NotifyingEvent, given: DocumentMemo | undefined = memo) =>
  notificationsOf(event, given).map((n) => [n.kind, n.audience]);

describe('notifications', () => {
  it('tell the holders of the stage a report now waits at: the co-lead unit, then the staff, then the office', () => {
    expect(audiences(submitted)).toEqual([['report_waiting', { role: 'submitter', unitId: 'data' }]]);
    const countersigned: ReportEvent = {
      type: 'ReportCountersigned',
      data: { reportId: 'r1', at, stage: 'countersign', unitId: 'data', nextStage: 'coordinator_review' },
    };
    expect(audiences(countersigned)).toEqual([['report_waiting', { role: 'coordinator' }]]);
    const approved: ReportEvent = {
      type: 'ReportApproved',
      data: { reportId: 'r1', at, stage: 'coordinator_review', nextStage: 'office_signoff' },
    };
    expect(audiences(approved)).toEqual([['report_waiting', { role: 'office' }]]);
  });

  it('tell the unit its report was sent back, and an account that a stage was handed to it', () => {
    const rejected: ReportEvent = { type: 'ReportRejected', data: { reportId: 'r1', at, stage: 'coordinator_review', reason: '数据有误' } };
    expect(audiences(rejected)).toEqual([['report_returned', { role: 'submitter', unitId: 'hrss' }]]);
    const transferred: ReportEvent = {
      type: 'ReportTransferred',
      data: { reportId: 'r1', at, stage: 'coordinator_review', toActorId: 'acct-2' },
    };
    expect(audiences(transferred)).toEqual([['report_handed_over', { accountId: 'acct-2' }]]);
  });

  it('tell the units a notice went to, and the office too when it escalates', () => {
    const issued: NotifyingEvent = {
      type: 'NoticeIssued',
      data: {
        noticeId: 'n1',
        at,
        planId: 'p',
        taskId: 'p-P16',
        unitIds: ['hrss', 'data'],
        level: 'blue',
        cause: 'deadline_near',
        matter: '请按时报送',
        periods: ['2025-06'],
        acknowledgeBy: at,
        dueAt: at,
      },
    };
    const noticeMemo = memoOf(issued);
    expect(audiences(issued, noticeMemo).map(([kind]) => kind)).toEqual(['notice_issued', 'notice_issued']);
    const escalated: NotifyingEvent = {
      type: 'NoticeEscalated',
      data: { noticeId: 'n1', at, deadline: 'respond', dueAt: at, from: 'blue', to: 'yellow' },
    };
    expect(audiences(escalated, noticeMemo)).toEqual([
      ['notice_escalated', { role: 'submitter', unitId: 'hrss' }],
      ['notice_escalated', { role: 'submitter', unitId: 'data' }],
      ['notice_escalated', { role: 'office' }],
    ]);
  });

  it('ask each member unit to read a signed-off bulletin (督查通报), and nobody when a unit has read it', () => {
    const published: NotifyingEvent = {
      type: 'BulletinPublished',
      data: {
        bulletinId: 'bulletin-p-2025-06',
        at,
        version: 1,
        figures: { period: '2025-06' } as never,
        commentary: '',
        memberUnits: ['edu', 'hrss'],
      },
    };
    const drafts = notificationsOf(published, memoOf(published));
    expect(drafts.map((n) => [n.kind, n.audience, n.documentKind, n.documentId, n.facts])).toEqual([
      ['bulletin_published', { role: 'submitter', unitId: 'edu' }, 'bulletin', 'bulletin-p-2025-06', { period: '2025-06', version: 1 }],
      ['bulletin_published', { role: 'submitter', unitId: 'hrss' }, 'bulletin', 'bulletin-p-2025-06', { period: '2025-06', version: 1 }],
    ]);
    const read: NotifyingEvent = { type: 'BulletinRead', data: { bulletinId: 'bulletin-p-2025-06', at, version: 1, unitId: 'edu' } };
    expect(notificationsOf(read, undefined)).toEqual([]);
  });

  it('ask nothing for what asks nothing of anyone (a sign-off, a read notice)', () => {
    const opened: ReportEvent = { type: 'ReportOpened', data: { reportId: 'r1', at, stage: 'coordinator_review' } };
    expect(audiences(opened)).toEqual([]);
    expect(audiences({ type: 'TaskUrgeAcknowledged', data: { urgeId: 'u1', at, unitId: 'hrss' } }, undefined)).toEqual([]);
  });
});
