import type { Actor } from '../actors';
import { givenReport, type Given } from '../testing/report-spec';
import { DEFAULT_CHAIN, chainForTask, type ApprovalChain } from './chain';
import type { ReportEvent } from './events';

const now = '2025-07-07T02:00:00.000Z';
const later = '2025-07-08T02:00:00.000Z';
const transport: Actor = { actorId: 'u-transport', role: 'submitter', unitId: 'transport' };
const post: Actor = { actorId: 'u-post', role: 'submitter', unitId: 'post' };
const edu: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const coordinator2: Actor = { actorId: 'u-coord-2', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const deputy: Actor = { actorId: 'u-deputy', role: 'office', unitId: null };
const values = [{ indicatorId: 'P15-1', value: 10 }];
const coLed = { planId: 'p', taskId: 'p-P15', leadUnits: ['transport', 'post'], indicatorIds: ['P15-1'], year: 2025 };
const singleLed = { ...coLed, leadUnits: ['transport'] };

function submittedBy(actor: Actor, task = coLed, fullChain: ApprovalChain = DEFAULT_CHAIN): Given {
  const chain = chainForTask(fullChain, task.leadUnits);
  const event: ReportEvent = {
    type: 'ReportSubmitted',
    data: {
      reportId: 'r1',
      at: now,
      planId: 'p',
      taskId: task.taskId,
      period: '2025-06',
      unitId: actor.unitId!,
      ...(task.leadUnits.length > 1 ? { countersignUnit: task.leadUnits.find((u) => u !== actor.unitId)! } : {}),
      revision: 1,
      values,
      narrative: '',
      chain,
      stage: chain.stages[0]!.id,
    },
  };
  return { event, actorId: actor.actorId };
}

const atCoordinator = (): Given[] => [submittedBy(transport, singleLed)];
const atOffice = (): Given[] => [
  ...atCoordinator(),
  {
    event: { type: 'ReportApproved', data: { reportId: 'r1', at: now, stage: 'coordinator_review', nextStage: 'office_signoff' } },
    actorId: coordinator.actorId,
  },
];

describe('a co-led task (会签)', () => {
  it('starts at the countersign of the other co-lead unit', () => {
    const given = givenReport(submittedBy(transport));
    expect(given.state).toMatchObject({ status: 'in_review', stage: 'countersign', countersignUnit: 'post' });
  });

  it('is countersigned by the other co-lead unit and moves to the coordinator', () => {
    givenReport(submittedBy(transport))
      .when({ type: 'CountersignReport', actor: post, now, comment: '同意' })
      .then([
        {
          type: 'ReportCountersigned',
          data: { reportId: 'r1', at: now, stage: 'countersign', unitId: 'post', nextStage: 'coordinator_review', comment: '同意' },
        },
      ]);
  });

  it('is not countersigned by the submitting unit, a third unit or the coordinator', () => {
    const given = givenReport(submittedBy(transport));
    given.when({ type: 'CountersignReport', actor: { ...transport, actorId: 'u-transport-2' }, now }).thenRefused('forbidden');
    given.when({ type: 'CountersignReport', actor: edu, now }).thenRefused('forbidden');
    given.when({ type: 'CountersignReport', actor: coordinator, now }).thenRefused('forbidden');
    given.when({ type: 'ApproveReport', actor: coordinator, now }).thenRefused('invalid_state');
  });

  it('a single-led task skips the countersign stage', () => {
    expect(givenReport(submittedBy(transport, singleLed)).state).toMatchObject({ stage: 'coordinator_review' });
    expect(givenReport(submittedBy(transport, singleLed)).state).not.toHaveProperty('countersignUnit', 'post');
  });
});

describe('opening and withdrawing', () => {
  it('the unit withdraws before anyone opened the report', () => {
    givenReport(...atCoordinator())
      .when({ type: 'WithdrawReport', actor: transport, now, reason: '数据有误' })
      .then([{ type: 'ReportWithdrawn', data: { reportId: 'r1', at: now, reason: '数据有误' } }]);
  });

  it('opening is recorded once per stage visit', () => {
    const opened: ReportEvent = { type: 'ReportOpened', data: { reportId: 'r1', at: now, stage: 'coordinator_review' } };
    givenReport(...atCoordinator())
      .when({ type: 'OpenReport', actor: coordinator, now })
      .then([opened]);
    givenReport(...atCoordinator(), { event: opened, actorId: coordinator.actorId })
      .when({ type: 'OpenReport', actor: coordinator, now })
      .then([]);
  });

  it('after a reviewer opened it, the unit can no longer withdraw', () => {
    const opened: ReportEvent = { type: 'ReportOpened', data: { reportId: 'r1', at: now, stage: 'coordinator_review' } };
    givenReport(...atCoordinator(), { event: opened, actorId: coordinator.actorId })
      .when({ type: 'WithdrawReport', actor: transport, now })
      .thenRefused('invalid_state');
  });

  it('after the coordinator approved, withdrawing is refused even if nobody opened it', () => {
    givenReport(...atOffice())
      .when({ type: 'WithdrawReport', actor: transport, now })
      .thenRefused('invalid_state');
  });

  it('another unit cannot withdraw', () => {
    givenReport(...atCoordinator())
      .when({ type: 'WithdrawReport', actor: edu, now })
      .thenRefused('forbidden');
  });

  it('a withdrawn report takes no further action', () => {
    const withdrawn: Given = { event: { type: 'ReportWithdrawn', data: { reportId: 'r1', at: now } }, actorId: transport.actorId };
    givenReport(...atCoordinator(), withdrawn)
      .when({ type: 'ApproveReport', actor: coordinator, now })
      .thenRefused('invalid_state');
  });
});

describe('returning to an earlier stage', () => {
  it('the office returns the report to the coordinator with a reason', () => {
    givenReport(...atOffice())
      .when({ type: 'ReturnReport', actor: office, now, toStage: 'coordinator_review', reason: '请复核' })
      .then([
        {
          type: 'ReportReturned',
          data: { reportId: 'r1', at: now, stage: 'office_signoff', toStage: 'coordinator_review', reason: '请复核' },
        },
      ]);
  });

  it('refuses the current or a later stage, and needs a reason', () => {
    givenReport(...atOffice())
      .when({ type: 'ReturnReport', actor: office, now, toStage: 'office_signoff', reason: 'x' })
      .thenRefused('invalid_input', 'toStage');
    givenReport(...atCoordinator())
      .when({ type: 'ReturnReport', actor: coordinator, now, toStage: 'office_signoff', reason: 'x' })
      .thenRefused('invalid_input', 'toStage');
    givenReport(...atOffice())
      .when({ type: 'ReturnReport', actor: office, now, toStage: 'coordinator_review', reason: '' })
      .thenRefused('invalid_input', 'reason');
  });
});

describe('urging (催办)', () => {
  it('the coordinator urges the office, and only the office acknowledges', () => {
    const urged: ReportEvent = {
      type: 'ReportUrged',
      data: { reportId: 'r1', at: now, stage: 'office_signoff', urgeId: 'g1', urgedRole: 'office', message: '请尽快签发' },
    };
    givenReport(...atOffice())
      .when({ type: 'UrgeReport', actor: coordinator, now, urgeId: 'g1', message: '请尽快签发' })
      .then([urged]);
    const given = givenReport(...atOffice(), { event: urged, actorId: coordinator.actorId });
    given.when({ type: 'AcknowledgeUrge', actor: coordinator, now, urgeId: 'g1' }).thenRefused('forbidden');
    given
      .when({ type: 'AcknowledgeUrge', actor: office, now: later, urgeId: 'g1' })
      .then([{ type: 'UrgeAcknowledged', data: { reportId: 'r1', at: later, urgeId: 'g1', stage: 'office_signoff' } }]);
    given.when({ type: 'AcknowledgeUrge', actor: office, now, urgeId: 'nope' }).thenRefused('invalid_state');
  });

  it('a unit may not urge', () => {
    givenReport(...atOffice())
      .when({ type: 'UrgeReport', actor: transport, now, urgeId: 'g1' })
      .thenRefused('forbidden');
  });
});

describe('transfer (转办) and delegation (委托)', () => {
  const transferred: Given = {
    event: { type: 'ReportTransferred', data: { reportId: 'r1', at: now, stage: 'coordinator_review', toActorId: coordinator2.actorId } },
    actorId: coordinator.actorId,
  };

  it('after a transfer only the new assignee approves', () => {
    givenReport(...atCoordinator())
      .when({ type: 'TransferReport', actor: coordinator, now, to: { actorId: coordinator2.actorId, role: 'coordinator', active: true } })
      .then([transferred.event]);
    const given = givenReport(...atCoordinator(), transferred);
    given.when({ type: 'ApproveReport', actor: coordinator, now }).thenRefused('forbidden');
    given
      .when({ type: 'ApproveReport', actor: coordinator2, now })
      .then([{ type: 'ReportApproved', data: { reportId: 'r1', at: now, stage: 'coordinator_review', nextStage: 'office_signoff' } }]);
  });

  it('refuses a transfer to someone without the stage role', () => {
    givenReport(...atCoordinator())
      .when({ type: 'TransferReport', actor: coordinator, now, to: { actorId: office.actorId, role: 'office' } })
      .thenRefused('invalid_input', 'to');
  });

  it('a delegate signs off on behalf of the office signer, and both are recorded', () => {
    const delegated: Given = {
      event: {
        type: 'ReportDelegated',
        data: { reportId: 'r1', at: now, stage: 'office_signoff', delegatorId: office.actorId, delegateId: deputy.actorId },
      },
      actorId: office.actorId,
    };
    givenReport(...atOffice())
      .when({ type: 'DelegateReport', actor: office, now, to: { actorId: deputy.actorId, role: 'office', unitId: null, active: true } })
      .then([delegated.event]);
    const given = givenReport(...atOffice(), delegated);
    given.when({ type: 'ApproveReport', actor: deputy, now }).then([
      {
        type: 'ReportSignedOff',
        data: {
          reportId: 'r1',
          at: now,
          stage: 'office_signoff',
          onBehalfOf: office.actorId,
          planId: 'p',
          taskId: 'p-P15',
          period: '2025-06',
          revision: 1,
          values,
        },
      },
    ]);
    given
      .when({ type: 'DelegateReport', actor: deputy, now, to: { actorId: 'u-office-3', role: 'office', active: true } })
      .thenRefused('forbidden');
  });

  it('refuses a disabled account as assignee or delegate, naming `to`', () => {
    const disabled = { actorId: coordinator2.actorId, role: 'coordinator', unitId: null, active: false };
    givenReport(...atCoordinator())
      .when({ type: 'TransferReport', actor: coordinator, now, to: disabled })
      .thenRefused('invalid_input', 'to');
    givenReport(...atCoordinator())
      .when({ type: 'DelegateReport', actor: coordinator, now, to: disabled })
      .thenRefused('invalid_input', 'to');
  });
});

describe('separation of duties (职责分离)', () => {
  const approvedBy = (actor: Actor, stage: string, nextStage: string): Given => ({
    event: { type: 'ReportApproved', data: { reportId: 'r1', at: now, stage, nextStage } },
    actorId: actor.actorId,
  });
  const account = (actor: Actor) => ({ actorId: actor.actorId, role: actor.role, unitId: actor.unitId, active: true });

  it('the office cannot hand its stage to the coordinator who reviewed, to a unit account or to admin', () => {
    const given = givenReport(...atOffice());
    given.when({ type: 'DelegateReport', actor: office, now, to: account(coordinator) }).thenRefused('invalid_input', 'to');
    given.when({ type: 'DelegateReport', actor: office, now, to: account(coordinator2) }).thenRefused('invalid_input', 'to');
    given.when({ type: 'DelegateReport', actor: office, now, to: account(edu) }).thenRefused('invalid_input', 'to');
    given
      .when({ type: 'DelegateReport', actor: office, now, to: { actorId: 'u-admin', role: 'admin', unitId: null, active: true } })
      .thenRefused('invalid_input', 'to');
    given.when({ type: 'TransferReport', actor: office, now, to: account(coordinator) }).thenRefused('invalid_input', 'to');
  });

  it('a delegate who acted at another stage cannot approve, even if a delegation was recorded', () => {
    // A delegation recorded before the rule (or under a chain without it) does not let that person sign off now.
    const delegated: Given = {
      event: {
        type: 'ReportDelegated',
        data: { reportId: 'r1', at: now, stage: 'office_signoff', delegatorId: office.actorId, delegateId: coordinator.actorId },
      },
      actorId: office.actorId,
    };
    givenReport(...atOffice(), delegated)
      .when({ type: 'ApproveReport', actor: coordinator, now })
      .thenRefused('forbidden');
  });

  it('one person never approves at two stages, even after changing roles', () => {
    const promoted: Actor = { ...coordinator, role: 'office' };
    givenReport(...atOffice())
      .when({ type: 'ApproveReport', actor: promoted, now })
      .thenRefused('forbidden');
    givenReport(...atOffice())
      .when({ type: 'OpenReport', actor: promoted, now })
      .thenRefused('forbidden');
  });

  describe('two stages of the same role', () => {
    const twoReviews: ApprovalChain = {
      stages: [
        { id: 'first_review', name: '初审', role: 'coordinator', slaWorkingDays: 3, actions: ['open', 'approve', 'transfer', 'delegate'] },
        { id: 'second_review', name: '复审', role: 'coordinator', slaWorkingDays: 3, actions: ['open', 'approve', 'transfer', 'delegate'] },
        { id: 'office_signoff', name: '办公室签发', role: 'office', slaWorkingDays: 2, actions: ['approve'] },
      ],
    };
    const atSecond = (chain = twoReviews) => [
      submittedBy(transport, singleLed, chain),
      approvedBy(coordinator, 'first_review', 'second_review'),
    ];

    it('whoever approved the first review does not approve, receive or act for the second', () => {
      const given = givenReport(...atSecond());
      given.when({ type: 'ApproveReport', actor: coordinator, now }).thenRefused('forbidden');
      given.when({ type: 'TransferReport', actor: coordinator2, now, to: account(coordinator) }).thenRefused('invalid_input', 'to');
      given.when({ type: 'DelegateReport', actor: coordinator2, now, to: account(coordinator) }).thenRefused('invalid_input', 'to');
      given
        .when({ type: 'ApproveReport', actor: coordinator2, now })
        .then([{ type: 'ReportApproved', data: { reportId: 'r1', at: now, stage: 'second_review', nextStage: 'office_signoff' } }]);
    });

    it('a chain that turns the rule off keeps the rules from before', () => {
      const given = givenReport(...atSecond({ ...twoReviews, separationOfDuties: false }));
      given
        .when({ type: 'ApproveReport', actor: coordinator, now })
        .then([{ type: 'ReportApproved', data: { reportId: 'r1', at: now, stage: 'second_review', nextStage: 'office_signoff' } }]);
    });
  });
});

describe('reclaiming (收回) a stage whose assignee cannot act', () => {
  const transferred: Given = {
    event: { type: 'ReportTransferred', data: { reportId: 'r1', at: now, stage: 'coordinator_review', toActorId: coordinator2.actorId } },
    actorId: coordinator.actorId,
  };
  const reclaimed: ReportEvent = {
    type: 'ReportReclaimed',
    data: { reportId: 'r1', at: now, stage: 'coordinator_review', fromActorId: coordinator2.actorId },
  };
  const disabledAssignee = { actorId: coordinator2.actorId, role: 'coordinator', unitId: null, active: false };

  it('a holder of the stage role or the office takes a stage back from a disabled assignee', () => {
    const given = givenReport(...atCoordinator(), transferred);
    given.when({ type: 'ReclaimReport', actor: coordinator, now, assignee: disabledAssignee }).then([reclaimed]);
    given.when({ type: 'ReclaimReport', actor: office, now, assignee: disabledAssignee }).then([reclaimed]);
  });

  it('after reclaiming, any holder of the role acts again; the office that reclaimed still signs off', () => {
    const given = givenReport(...atCoordinator(), transferred, { event: reclaimed, actorId: office.actorId });
    given
      .when({ type: 'ApproveReport', actor: coordinator, now })
      .then([{ type: 'ReportApproved', data: { reportId: 'r1', at: now, stage: 'coordinator_review', nextStage: 'office_signoff' } }]);
  });

  it('also when the assignee no longer holds the stage role', () => {
    givenReport(...atCoordinator(), transferred)
      .when({ type: 'ReclaimReport', actor: coordinator, now, assignee: { ...disabledAssignee, role: 'auditor', active: true } })
      .then([reclaimed]);
  });

  it('is refused while the assignee can act, for a stale assignee, with no assignee, and to a unit', () => {
    const given = givenReport(...atCoordinator(), transferred);
    given
      .when({ type: 'ReclaimReport', actor: coordinator, now, assignee: { ...disabledAssignee, active: true } })
      .thenRefused('invalid_state');
    given
      .when({ type: 'ReclaimReport', actor: coordinator, now, assignee: { ...disabledAssignee, actorId: 'u-someone' } })
      .thenRefused('invalid_state');
    givenReport(...atCoordinator())
      .when({ type: 'ReclaimReport', actor: coordinator, now })
      .thenRefused('invalid_state');
    given.when({ type: 'ReclaimReport', actor: edu, now, assignee: disabledAssignee }).thenRefused('forbidden');
  });
});

describe('stage timers', () => {
  it('each timer is recorded once, only while the report waits at that stage', () => {
    const reminder = {
      type: 'RecordStageTimer' as const,
      actor: { actorId: 'system', role: 'system' as const, unitId: null },
      now,
      kind: 'reminder' as const,
      stage: 'coordinator_review',
      dueAt: later,
    };
    const sent: ReportEvent = { type: 'StageReminderSent', data: { reportId: 'r1', at: now, stage: 'coordinator_review', dueAt: later } };
    givenReport(...atCoordinator())
      .when(reminder)
      .then([sent]);
    givenReport(...atCoordinator(), { event: sent, actorId: 'system' })
      .when(reminder)
      .then([]);
    givenReport(...atOffice())
      .when(reminder)
      .then([]);
    givenReport(...atCoordinator())
      .when({ ...reminder, kind: 'escalation' })
      .then([
        { type: 'StageEscalated', data: { reportId: 'r1', at: now, stage: 'coordinator_review', dueAt: later, escalatedTo: 'office' } },
      ]);
  });
});

describe('a cumulative value below the signed-off one', () => {
  const task = { ...singleLed, cumulativeFloor: { 'P15-1': 20 } };
  const submit = (value: number, explanation?: string) => ({
    type: 'SubmitReport' as const,
    reportId: 'r1',
    actor: transport,
    now,
    task,
    period: '2025-07',
    narrative: '',
    chain: DEFAULT_CHAIN,
    values: [{ indicatorId: 'P15-1', value, ...(explanation ? { explanation } : {}) }],
  });

  it('needs an explanation naming the indicator', () => {
    givenReport().when(submit(15)).thenRefused('invalid_input', 'values[0].explanation');
  });

  it('is accepted with one', () => {
    expect(() =>
      givenReport()
        .when(submit(15, '统计口径调整'))
        .then([expect.objectContaining({ type: 'ReportSubmitted' }) as unknown as ReportEvent]),
    ).not.toThrow();
  });
});

describe('an implausible value', () => {
  const task = { ...singleLed, plausibility: { 'P15-1': { target: 100, lastSignedOff: 20 } } };
  const submit = (value: number, confirmedImplausible?: boolean) => ({
    type: 'SubmitReport' as const,
    reportId: 'r1',
    actor: transport,
    now,
    task,
    period: '2025-07',
    narrative: '',
    chain: DEFAULT_CHAIN,
    values: [{ indicatorId: 'P15-1', value, ...(confirmedImplausible ? { confirmedImplausible } : {}) }],
  });

  it('is refused unconfirmed, naming the field', () => {
    givenReport().when(submit(999_999_999)).thenRefused('invalid_input', 'values[0].confirmedImplausible');
  });

  it('is accepted confirmed, and the report records the flag', () => {
    givenReport()
      .when(submit(999_999_999, true))
      .then([
        expect.objectContaining({
          type: 'ReportSubmitted',
          data: expect.objectContaining({
            values: [
              {
                indicatorId: 'P15-1',
                value: 999_999_999,
                confirmedImplausible: true,
                implausible: ['far_above_target', 'jump_out_of_line'],
              },
            ],
          }),
        }) as unknown as ReportEvent,
      ]);
  });
});
