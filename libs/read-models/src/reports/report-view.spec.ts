import { DEFAULT_CHAIN, evolve, initialReportState, type ReportEvent, type ReportState } from '@ledger/domain';
import { applyReportEvent, foldReportView, type ReportView } from './report-view';

const reportId = '8d5b2c1e-0000-4000-8000-000000000001';
const unit = { actorId: 'acct-edu', role: 'submitter' };
const coordinator = { actorId: 'acct-coordinator', role: 'coordinator' };
const office = { actorId: 'acct-office', role: 'office' };

/** A report's life with a rejection, a resubmission, an urge, a delegation and a transfer. */
const life: Array<[ReportEvent, { actorId: string; role: string }]> = [
  [
    {
      type: 'ReportSubmitted',
      data: {
        reportId,
        at: '2025-03-03T01:00:00.000Z',
        planId: 'hengyang-2025',
        taskId: 'hengyang-2025-P01',
        period: '2025-02',
        unitId: 'edu',
        revision: 1,
        values: [{ indicatorId: 'P01-1', value: 1200 }],
        narrative: '按计划推进',
        chain: DEFAULT_CHAIN,
        stage: 'coordinator_review',
      },
    },
    unit,
  ],
  [
    {
      type: 'ReportUrged',
      data: { reportId, at: '2025-03-04T01:00:00.000Z', stage: 'coordinator_review', urgeId: 'u1', urgedRole: 'coordinator' },
    },
    office,
  ],
  [{ type: 'ReportOpened', data: { reportId, at: '2025-03-04T02:00:00.000Z', stage: 'coordinator_review' } }, coordinator],
  [
    { type: 'ReportRejected', data: { reportId, at: '2025-03-04T03:00:00.000Z', stage: 'coordinator_review', reason: '数据与台账不符' } },
    coordinator,
  ],
  [
    {
      type: 'ReportResubmitted',
      data: {
        reportId,
        at: '2025-03-05T01:00:00.000Z',
        revision: 2,
        values: [{ indicatorId: 'P01-1', value: 1100 }],
        narrative: '已按台账更正',
        stage: 'coordinator_review',
      },
    },
    unit,
  ],
  [
    {
      type: 'ReportDelegated',
      data: {
        reportId,
        at: '2025-03-05T02:00:00.000Z',
        stage: 'coordinator_review',
        delegatorId: 'acct-coordinator',
        delegateId: 'acct-deputy',
      },
    },
    coordinator,
  ],
  [
    {
      type: 'ReportApproved',
      data: { reportId, at: '2025-03-05T03:00:00.000Z', stage: 'coordinator_review', nextStage: 'office_signoff', comment: '同意' },
    },
    coordinator,
  ],
  [
    { type: 'ReportTransferred', data: { reportId, at: '2025-03-05T04:00:00.000Z', stage: 'office_signoff', toActorId: 'acct-office-2' } },
    office,
  ],
  [
    {
      type: 'StageOverdue',
      data: { reportId, at: '2025-03-10T01:00:00.000Z', stage: 'office_signoff', dueAt: '2025-03-07T04:00:00.000Z' },
    },
    office,
  ],
];

/** Freezes a value and everything in it, so any change to it throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const field of Object.values(value)) deepFreeze(field);
  }
  return value;
}

describe('the report view fold', () => {
  it('folds a life into the view a reader expects at each step', () => {
    const views: ReportView[] = [];
    let view: ReportView | undefined;
    for (const [event, by] of life) {
      view = foldReportView(view, { ...event, metadata: by });
      views.push(view!);
    }
    const [submitted, urged, , rejected, resubmitted, delegated, approved, transferred, overdue] = views;
    expect(submitted).toMatchObject({
      status: 'in_review',
      stage: 'coordinator_review',
      revision: 1,
      stageEnteredAt: '2025-03-03T01:00:00.000Z',
    });
    expect(submitted!.stageDueAt).not.toBeNull();
    expect(urged!.openUrges).toEqual([
      { urgeId: 'u1', at: '2025-03-04T01:00:00.000Z', urgedRole: 'coordinator', byActorId: 'acct-office' },
    ]);
    expect(rejected).toMatchObject({ status: 'returned', stage: null, stageDueAt: null, openUrges: [] });
    expect(resubmitted).toMatchObject({ status: 'in_review', revision: 2, opened: false, narrative: '已按台账更正' });
    expect(resubmitted!.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(delegated!.delegations).toEqual({ 'acct-deputy': 'acct-coordinator' });
    expect(approved).toMatchObject({ stage: 'office_signoff', delegations: {}, opened: true });
    expect(transferred!.assignee).toBe('acct-office-2');
    expect(overdue!.overdue).toBe(true);
    expect(overdue!.history.map((entry) => entry.type)).toEqual(life.map(([event]) => event.type));
    // A detail the event did not carry is absent, not undefined: stored JSON and a rebuild compare equal.
    expect(Object.keys(overdue!.history[2]!)).toEqual(['type', 'at', 'actorId', 'role', 'stage']);
    expect(overdue!.history[3]).toEqual({
      type: 'ReportRejected',
      at: '2025-03-04T03:00:00.000Z',
      actorId: 'acct-coordinator',
      role: 'coordinator',
      stage: 'coordinator_review',
      comment: '数据与台账不符',
    });
  });

  it('leaves every earlier view as it was', () => {
    // Each view is frozen as soon as it is made: a fold that changed the view it was given would throw.
    let view: ReportView | undefined;
    const views: ReportView[] = [];
    const snapshots: string[] = [];
    for (const [event, by] of life) {
      view = deepFreeze(foldReportView(view, { ...event, metadata: by }));
      views.push(view!);
      snapshots.push(JSON.stringify(view));
    }
    expect(views.map((v) => JSON.stringify(v))).toEqual(snapshots);
    expect(new Set(views).size).toBe(life.length);
  });

  it('gives the same view when a replay applies the events in place', () => {
    let folded: ReportView | undefined;
    let applied: ReportView | undefined;
    for (const [event, by] of life) {
      folded = foldReportView(folded, { ...event, metadata: by });
      const before = applied;
      applied = applyReportEvent(applied, { ...event, metadata: by });
      if (before) expect(applied).toBe(before);
      expect(applied).toEqual(folded);
    }
  });

  it('gives a stage its SLA due time in working days, skipping public holidays', () => {
    const [submitted, by] = life[0]!;
    if (submitted.type !== 'ReportSubmitted') throw new Error('a life starts with its submission');
    const beforeNationalDay: ReportEvent = { ...submitted, data: { ...submitted.data, at: '2025-09-30T01:00:00.000Z' } };
    // 专班办公室审核 has three working days: 1–8 October are off, Saturday the 11th is worked.
    expect(foldReportView(undefined, { ...beforeNationalDay, metadata: by })!.stageDueAt).toBe('2025-10-11T01:00:00.000Z');
  });

  it('knows no report before its submission', () => {
    expect(foldReportView(undefined, { ...life[2]![0], metadata: coordinator })).toBeUndefined();
    expect(applyReportEvent(undefined, { ...life[2]![0], metadata: coordinator })).toBeUndefined();
  });

  it('shows where the report stands exactly as the domain state has it, after every event', () => {
    let view: ReportView | undefined;
    let state: ReportState = initialReportState;
    for (const [event, by] of life) {
      view = foldReportView(view, { ...event, metadata: by })!;
      state = evolve(state, { ...event, metadata: by });
      if (state.status === 'empty') throw new Error('a life starts with its submission');
      expect(view).toMatchObject({ status: state.status, revision: state.revision, submittedBy: state.submittedBy });
      if (state.status === 'in_review') {
        expect(view).toMatchObject({
          stage: state.stage,
          opened: state.opened,
          assignee: state.assignee ?? null,
          delegations: state.delegations,
          overdue: state.timers.overdue,
        });
        expect(view.openUrges.map((urge) => urge.urgeId)).toEqual(state.urges.map((urge) => urge.urgeId));
      }
    }
  });

  it('folds a view read back from its row as it folds the one held in memory', () => {
    // The live projection reads the row before each batch; a replay keeps the view in memory.
    let held: ReportView | undefined;
    let stored: ReportView | undefined;
    for (const [event, by] of life) {
      held = foldReportView(held, { ...event, metadata: by });
      stored = foldReportView(stored && (JSON.parse(JSON.stringify(stored)) as ReportView), { ...event, metadata: by });
      expect(stored).toEqual(held);
    }
  });
});
