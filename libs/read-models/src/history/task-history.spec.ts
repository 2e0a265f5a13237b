import { DEFAULT_CHAIN, reportStreamId, type ReportEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { evolveTaskFold, foldTaskEvents, initialTaskFold, ownerOf, type StreamOwner, type TaskHistoryEvent } from './task-fold';
import { advanceTaskHead, TASK_SNAPSHOT_INTERVAL } from './task-history.projection';

const TASK = 'hengyang-2025-P01';
let position = 0;

function recorded(event: ReportEvent): RecordedEvent<TaskHistoryEvent> {
  position += 1;
  return {
    ...event,
    position,
    streamId: reportStreamId(event.data.reportId),
    version: 1,
    eventId: `event-${position}`,
    hash: 'h',
    metadata: {
      actorId: 'acct-edu',
      role: 'submitter',
      unitId: 'edu',
      correlationId: 'c',
      causationId: null,
      workflowId: null,
      schemaVersion: 1,
      recordedAt: new Date(Date.UTC(2025, 0, 1) + position * 1000).toISOString(),
    },
  } as RecordedEvent<TaskHistoryEvent>;
}

const submitted = (reportId: string, period: string): ReportEvent => ({
  type: 'ReportSubmitted',
  data: {
    reportId,
    at: '2025-02-01T00:00:00.000Z',
    planId: 'hengyang-2025',
    taskId: TASK,
    period,
    unitId: 'edu',
    revision: 1,
    values: [{ indicatorId: 'P01-1', value: 10 }],
    narrative: '按计划推进',
    chain: DEFAULT_CHAIN,
    stage: 'coordinator_review',
  },
});
const signedOff = (reportId: string, period: string, value: number): ReportEvent => ({
  type: 'ReportSignedOff',
  data: {
    reportId,
    at: '2025-02-02T00:00:00.000Z',
    planId: 'hengyang-2025',
    taskId: TASK,
    period,
    stage: 'office_signoff',
    revision: 1,
    values: [{ indicatorId: 'P01-1', value }],
  },
});
const withdrawn = (reportId: string): ReportEvent => ({
  type: 'ReportWithdrawn',
  data: { reportId, at: '2025-02-03T00:00:00.000Z', reason: '撤回' },
});

/** Reports of every month, some withdrawn and filed again, most signed off: 2.5 intervals of events. */
function aYearOfReports(): RecordedEvent<TaskHistoryEvent>[] {
  const events: RecordedEvent<TaskHistoryEvent>[] = [];
  for (let n = 0; events.length < TASK_SNAPSHOT_INTERVAL * 2.5; n += 1) {
    const period = `2025-${String((n % 12) + 1).padStart(2, '0')}`;
    const id = `report-${n}`;
    events.push(recorded(submitted(id, period)));
    events.push(recorded(n % 3 === 0 ? withdrawn(id) : signedOff(id, period, n)));
  }
  return events;
}

describe('the task history fold', () => {
  it('snapshots at the same events, with the same folds, however the events are cut into batches and stored between them', () => {
    const events = aYearOfReports();
    const whole = advanceTaskHead(TASK, { position: 0, events: 0, fold: initialTaskFold }, events);
    expect(whole.snapshots.map((s) => s.events)).toEqual([TASK_SNAPSHOT_INTERVAL, 2 * TASK_SNAPSHOT_INTERVAL]);
    expect(whole.snapshots.map((s) => s.position)).toEqual([events[99]!.position, events[199]!.position]);
    for (const cut of [1, 7, 99, 100, 101]) {
      let head = { position: 0, events: 0, fold: initialTaskFold };
      const snapshots: unknown[] = [];
      for (let i = 0; i < events.length; i += cut) {
        const advanced = advanceTaskHead(TASK, head, events.slice(i, i + cut));
        // As the live projector keeps it: through jsonb between batches.
        head = JSON.parse(JSON.stringify(advanced.head));
        snapshots.push(...advanced.snapshots);
      }
      expect(JSON.parse(JSON.stringify(snapshots))).toEqual(JSON.parse(JSON.stringify(whole.snapshots)));
      expect(head).toEqual(JSON.parse(JSON.stringify(whole.head)));
    }
    expect(whole.snapshots[1]!.state).toEqual(foldTaskEvents(initialTaskFold, events.slice(0, 200)));
  });

  it('keeps the current report per period and unit, counts every sign-off, and ignores steps of a report that was replaced', () => {
    const fold = foldTaskEvents(initialTaskFold, [
      recorded(submitted('a', '2025-03')),
      recorded(signedOff('a', '2025-03', 5)),
      recorded(submitted('b', '2025-03')),
      recorded(withdrawn('a')),
    ]);
    expect(Object.values(fold.reports).map((r) => (r.status === 'empty' ? r.status : [r.reportId, r.status]))).toEqual([
      ['b', 'in_review'],
    ]);
    expect(fold.latest).toEqual({ 'P01-1': { period: '2025-03', value: 5 } });
    const replaced = evolveTaskFold(fold, recorded(withdrawn('a')));
    expect(replaced).toBe(fold);
  });

  it('finds the task of a report’s later steps, and their month, from the stream’s first event', () => {
    const owners = new Map<string, StreamOwner>();
    expect(ownerOf(recorded(withdrawn('x')), owners)).toBeUndefined();
    expect(ownerOf(recorded(submitted('y', '2025-04')), owners)).toEqual({
      taskId: TASK,
      period: '2025-04',
      newOwner: { taskId: TASK, period: '2025-04' },
    });
    expect(ownerOf(recorded(withdrawn('y')), owners)).toEqual({ taskId: TASK, period: '2025-04' });
  });
});
