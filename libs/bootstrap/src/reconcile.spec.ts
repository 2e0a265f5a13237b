import type { RecordedEvent } from '@ledger/event-store';
import type { TargetFacts } from '@ledger/domain';
import { carriedSupervision, restartOf } from './reconcile';

/** Streams as the log holds them, built by hand: each event gets the next position and its stream's next version. */
function log(...events: Array<[streamId: string, type: string, data: object, role?: string]>): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  events.forEach(([streamId, type, data, role = 'system'], index) => {
    const stream = streams.get(streamId) ?? [];
    stream.push({
      type,
      data,
      streamId,
      position: index + 1,
      version: stream.length + 1,
      eventId: `e${index + 1}`,
      hash: '',
      metadata: {
        actorId: role,
        role,
        unitId: role === 'submitter' ? 'edu' : null,
        correlationId: 'c',
        causationId: null,
        workflowId: streamId,
        schemaVersion: 1,
        recordedAt: '2025-03-01T00:00:00Z',
      },
    });
    streams.set(streamId, stream);
  });
  return streams;
}

const facts: TargetFacts = {
  planId: 'p',
  taskId: 'p-P01',
  year: 2025,
  leadUnits: ['edu'],
  indicators: [{ id: 'P01-1', kind: 'cumulative', target: 100, comparator: '>=' }],
};
const calendar = { period: 'monthly' as const, deadlineDay: 25 };
const base = { planId: 'p', taskId: 'p-P01', at: '2025-03-01T00:00:00Z' };

describe('where a task supervision stood, from the streams', () => {
  it('is a fresh start when the task was never supervised', () => {
    expect(carriedSupervision(facts, calendar, new Map())).toBeUndefined();
  });

  it('goes on in the run of the last period opened, with its period events, reports, progress and notices', () => {
    const streams = log(
      ['target-p-P01', 'ReportingPeriodOpened', { ...base, period: '2025-01', deadline: '2025-02-25T15:59:59.999Z' }],
      ['target-p-P01', 'ReportingPeriodOpened', { ...base, period: '2025-02', deadline: '2025-03-25T15:59:59.999Z' }],
      ['report-r1', 'ReportSubmitted', { reportId: 'r1', planId: 'p', taskId: 'p-P01', period: '2025-01' }, 'submitter'],
      ['report-r1', 'ReportRejected', { reportId: 'r1' }, 'coordinator'],
      ['report-r2', 'ReportSubmitted', { reportId: 'r2', planId: 'p', taskId: 'p-P02', period: '2025-01' }, 'submitter'],
      [
        'target-p-P01',
        'ProgressRecorded',
        {
          ...base,
          period: '2025-01',
          reportId: 'r0',
          indicators: [{ indicatorId: 'P01-1', value: 5, percent: 5 }],
          taskPercent: 5,
          schedulePercent: 8,
        },
      ],
      ['target-p-P01', 'PeriodReportMissing', { ...base, period: '2025-01', deadline: '2025-02-25T15:59:59.999Z', unitIds: ['edu'] }],
      [
        'notice-p-P01.report_missing.1',
        'NoticeIssued',
        {
          ...base,
          noticeId: 'p-P01.report_missing.1',
          unitIds: ['edu'],
          level: 'red',
          cause: 'report_missing',
          matter: 'x',
          periods: ['2025-01'],
          acknowledgeBy: 'a',
          dueAt: 'b',
        },
      ],
      [
        'notice-p-P01.behind.1',
        'NoticeIssued',
        {
          ...base,
          noticeId: 'p-P01.behind.1',
          unitIds: ['edu'],
          level: 'yellow',
          cause: 'behind',
          matter: 'x',
          periods: ['2025-01'],
          acknowledgeBy: 'a',
          dueAt: 'b',
        },
      ],
      ['notice-p-P01.behind.1', 'NoticeClosed', { noticeId: 'p-P01.behind.1', at: base.at }, 'office'],
    );
    const carried = carriedSupervision(facts, calendar, streams)!;
    expect(carried).toMatchObject({
      periodIndex: 1,
      version: 4,
      countedReports: ['r0'],
      recorded: ['ReportingPeriodOpened/2025-01', 'ReportingPeriodOpened/2025-02', 'PeriodReportMissing/2025-01'],
      extended: {},
    });
    expect(carried.state.filed).toEqual({ r1: '2025-01' });
    expect(carried.state.latest).toEqual({ 'P01-1': { value: 5, period: '2025-01' } });
    expect(carried.notices).toMatchObject({
      issued: { report_missing: 1, behind: 1 },
      open: [{ noticeId: 'p-P01.report_missing.1', cause: 'report_missing', periods: ['2025-01'], causeCleared: false }],
      signedOff: ['2025-01'],
      progress: { period: '2025-01', taskPercent: 5, schedulePercent: 8, tolerance: 10 },
      returnsInARow: 1,
    });
  });
});

describe('which documents start again', () => {
  const rules = () => ({ chain: () => 'chain', noticeRules: () => 'rules' });

  it('starts an open notice over its stream, with the plan rules; leaves a closed one', () => {
    const streams = log([
      'notice-n1',
      'NoticeIssued',
      {
        ...base,
        noticeId: 'n1',
        unitIds: ['edu'],
        level: 'blue',
        cause: 'manual',
        matter: 'x',
        periods: [],
        acknowledgeBy: 'a',
        dueAt: 'b',
      },
      'coordinator',
    ]);
    const restart = restartOf('notice', 'notice-n1', streams.get('notice-n1')!, rules);
    expect(restart).toMatchObject({ open: true, args: [{ noticeId: 'n1', rules: 'rules', stored: { version: 1 } }] });
    if (!restart.open) throw new Error('unreachable');
    expect((restart.args[0] as { stored: { events: unknown[] } }).stored.events).toEqual([
      {
        event: { type: 'NoticeIssued', data: expect.objectContaining({ noticeId: 'n1' }) },
        actor: { actorId: 'coordinator', role: 'coordinator', unitId: null },
      },
    ]);
    const closed = log(
      [
        'notice-n1',
        'NoticeIssued',
        {
          ...base,
          noticeId: 'n1',
          unitIds: ['edu'],
          level: 'blue',
          cause: 'manual',
          matter: 'x',
          periods: [],
          acknowledgeBy: 'a',
          dueAt: 'b',
        },
      ],
      ['notice-n1', 'NoticeClosed', { noticeId: 'n1', at: base.at }],
    );
    expect(restartOf('notice', 'notice-n1', closed.get('notice-n1')!, rules)).toEqual({ open: false });
  });
});
