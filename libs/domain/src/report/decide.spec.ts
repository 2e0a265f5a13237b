import type { Actor } from '../actors';
import { givenReport } from '../testing/report-spec';
import { DEFAULT_CHAIN, chainForTask } from './chain';
import type { SubmitReport } from './commands';
import type { ReportEvent } from './events';

const unit: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const otherUnit: Actor = { actorId: 'u-hrss', role: 'submitter', unitId: 'hrss' };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const now = '2025-07-05T02:00:00.000Z';
const task = { planId: 'p', taskId: 'p-P01', leadUnits: ['edu'], indicatorIds: ['P01-1', 'P01-2'], year: 2025 };
const values = [
  { indicatorId: 'P01-1', value: 20000 },
  { indicatorId: 'P01-2', value: 150 },
];

const submit = (overrides: Partial<SubmitReport> = {}): SubmitReport => ({
  type: 'SubmitReport',
  reportId: 'r1',
  actor: unit,
  now,
  task,
  period: '2025-06',
  values,
  narrative: '进展顺利',
  chain: DEFAULT_CHAIN,
  ...overrides,
});

const submitted: Extract<ReportEvent, { type: 'ReportSubmitted' }> = {
  type: 'ReportSubmitted',
  data: {
    reportId: 'r1',
    at: now,
    planId: 'p',
    taskId: 'p-P01',
    period: '2025-06',
    unitId: 'edu',
    revision: 1,
    values,
    narrative: '进展顺利',
    chain: chainForTask(DEFAULT_CHAIN, ['edu']),
    stage: 'coordinator_review',
  },
};
const reviewed: ReportEvent = {
  type: 'ReportApproved',
  data: { reportId: 'r1', at: now, stage: 'coordinator_review', nextStage: 'office_signoff' },
};
const rejected: ReportEvent = {
  type: 'ReportRejected',
  data: { reportId: 'r1', at: now, stage: 'coordinator_review', reason: '数据不符' },
};

describe('a report not yet submitted', () => {
  it('is submitted by a lead unit and waits at the first stage', () => {
    givenReport().when(submit()).then([submitted]);
  });

  it('refuses a unit that does not lead the task', () => {
    givenReport()
      .when(submit({ actor: otherUnit }))
      .thenRefused('forbidden');
  });

  it('refuses a coordinator submitting', () => {
    givenReport()
      .when(submit({ actor: coordinator }))
      .thenRefused('forbidden');
  });

  it('names a missing indicator', () => {
    givenReport()
      .when(submit({ values: values.slice(0, 1) }))
      .thenRefused('invalid_input', 'values');
  });

  it.each([
    [-1, 'negative'],
    [Number.NaN, 'not a number'],
    [Number.POSITIVE_INFINITY, 'infinite'],
  ])('names an indicator whose value is %p (%s)', (value) => {
    givenReport()
      .when(submit({ values: [{ indicatorId: 'P01-1', value }, values[1]!] }))
      .thenRefused('invalid_input', 'values[0].value');
  });

  it('refuses an indicator of another task and a duplicate', () => {
    givenReport()
      .when(submit({ values: [...values, { indicatorId: 'P99-1', value: 1 }] }))
      .thenRefused('invalid_input', 'values[2].indicatorId');
    givenReport()
      .when(submit({ values: [...values, values[0]!] }))
      .thenRefused('invalid_input', 'values[2].indicatorId');
  });

  it.each(['2024-06', '2025-13', '2025-6', 'June'])('refuses the period %s', (period) => {
    givenReport().when(submit({ period })).thenRefused('invalid_input', 'period');
  });

  it('accepts a past period of the plan year (late reports are data, not errors)', () => {
    givenReport()
      .when(submit({ period: '2025-01' }))
      .then([{ ...submitted, data: { ...submitted.data, period: '2025-01' } }]);
  });
});

describe('a report waiting for the coordinator', () => {
  const history = [{ event: submitted, actorId: unit.actorId }];

  it('moves to the office when the coordinator approves', () => {
    givenReport(...history)
      .when({ type: 'ApproveReport', actor: coordinator, now })
      .then([reviewed]);
  });

  it('goes back to the unit when the coordinator rejects with a reason', () => {
    givenReport(...history)
      .when({ type: 'RejectReport', actor: coordinator, now, reason: '数据不符' })
      .then([rejected]);
  });

  it('needs a reason to reject', () => {
    givenReport(...history)
      .when({ type: 'RejectReport', actor: coordinator, now, reason: '  ' })
      .thenRefused('invalid_input', 'reason');
  });

  it('is not for the office yet (a conflict: the office has a later stage)', () => {
    givenReport(...history)
      .when({ type: 'ApproveReport', actor: office, now })
      .thenRefused('invalid_state');
  });

  it('is never for an auditor', () => {
    givenReport(...history)
      .when({ type: 'ApproveReport', actor: { actorId: 'u-audit', role: 'auditor', unitId: null }, now })
      .thenRefused('forbidden');
  });

  it('cannot be approved by the person who submitted it', () => {
    const selfReviewer: Actor = { actorId: unit.actorId, role: 'coordinator', unitId: null };
    givenReport(...history)
      .when({ type: 'ApproveReport', actor: selfReviewer, now })
      .thenRefused('forbidden');
  });

  it('cannot be submitted twice', () => {
    givenReport(...history)
      .when(submit())
      .thenRefused('invalid_state');
  });
});

describe('a report waiting for the office', () => {
  const history = [
    { event: submitted, actorId: unit.actorId },
    { event: reviewed, actorId: coordinator.actorId },
  ];

  it('is signed off by the office with the values that count as progress', () => {
    givenReport(...history)
      .when({ type: 'ApproveReport', actor: office, now, comment: '签发' })
      .then([
        {
          type: 'ReportSignedOff',
          data: {
            reportId: 'r1',
            at: now,
            stage: 'office_signoff',
            comment: '签发',
            planId: 'p',
            taskId: 'p-P01',
            period: '2025-06',
            revision: 1,
            values,
          },
        },
      ]);
  });

  it('is no longer for the coordinator (a conflict, as when two approvals race)', () => {
    givenReport(...history)
      .when({ type: 'ApproveReport', actor: coordinator, now })
      .thenRefused('invalid_state');
  });
});

describe('a returned report', () => {
  const history = [
    { event: submitted, actorId: unit.actorId },
    { event: rejected, actorId: coordinator.actorId },
  ];

  it('is resubmitted by its unit as the next revision, back at the first stage', () => {
    const corrected = [values[0]!, { indicatorId: 'P01-2', value: 140 }];
    givenReport(...history)
      .when({ type: 'ResubmitReport', actor: unit, now, values: corrected, narrative: '已更正', task })
      .then([
        {
          type: 'ReportResubmitted',
          data: { reportId: 'r1', at: now, revision: 2, values: corrected, narrative: '已更正', stage: 'coordinator_review' },
        },
      ]);
  });

  it('cannot be resubmitted by another unit', () => {
    givenReport(...history)
      .when({ type: 'ResubmitReport', actor: otherUnit, now, values, narrative: '', task })
      .thenRefused('forbidden');
  });

  it('cannot be approved', () => {
    givenReport(...history)
      .when({ type: 'ApproveReport', actor: coordinator, now })
      .thenRefused('invalid_state');
  });
});

describe('a signed-off report', () => {
  it('takes no further decision', () => {
    const signedOff: ReportEvent = {
      type: 'ReportSignedOff',
      data: { reportId: 'r1', at: now, stage: 'office_signoff', planId: 'p', taskId: 'p-P01', period: '2025-06', revision: 1, values },
    };
    const given = givenReport(
      { event: submitted, actorId: unit.actorId },
      { event: reviewed, actorId: coordinator.actorId },
      { event: signedOff, actorId: office.actorId },
    );
    expect(given.state.status).toBe('signed_off');
    given.when({ type: 'ApproveReport', actor: office, now }).thenRefused('invalid_state');
    given.when({ type: 'RejectReport', actor: coordinator, now, reason: 'x' }).thenRefused('invalid_state');
  });
});

describe('evidence (佐证材料) on a report', () => {
  const file = (n: number) => ({
    id: `a${n}`,
    sha256: String(n).padStart(64, '0'),
    size: 10 + n,
    name: `照片${n}.png`,
    contentType: 'image/png',
  });

  it('is recorded on the submission by reference, and absent when there is none (as in events before evidence)', () => {
    givenReport()
      .when(submit({ attachments: [file(1), file(2)] }))
      .then([{ type: 'ReportSubmitted', data: { ...submitted.data, attachments: [file(1), file(2)] } }]);
    givenReport()
      .when(submit({ attachments: [] }))
      .then([submitted]);
  });

  it('is at most 20 files', () => {
    givenReport()
      .when(submit({ attachments: Array.from({ length: 21 }, (_, n) => file(n)) }))
      .thenRefused('invalid_input', 'attachments');
  });

  it('is a resubmission’s own: the revision names every file it rests on', () => {
    givenReport({ event: submitted, actorId: unit.actorId }, { event: rejected, actorId: coordinator.actorId })
      .when({ type: 'ResubmitReport', actor: unit, now, task, values, narrative: '已补充', attachments: [file(3)] })
      .then([
        {
          type: 'ReportResubmitted',
          data: { reportId: 'r1', at: now, revision: 2, values, narrative: '已补充', attachments: [file(3)], stage: 'coordinator_review' },
        },
      ]);
  });
});
