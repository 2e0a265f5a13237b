import { DEFAULT_CHAIN, decide, evolve, initialReportState, type Actor, type ReportCommand, type ReportState } from '@ledger/domain';
import { supervisionSignals } from './report.workflow';
import { targetWorkflowId } from './target.workflow';

const unit: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const now = '2025-07-05T02:00:00.000Z';
const task = { planId: 'p', taskId: 'p-P01', leadUnits: ['edu'], indicatorIds: ['P01-1'], year: 2025 };
const values = [{ indicatorId: 'P01-1', value: 20000 }];
const target = targetWorkflowId('p-P01');

/** Decides each command on the state the one before left, and what supervision is told of its events. */
function told(commands: ReportCommand[]): Array<Array<[string, unknown]>> {
  let state: ReportState = initialReportState;
  return commands.map((command) => {
    const events = decide(command, state);
    state = events.reduce((folded, event) => evolve(folded, { ...event, metadata: { actorId: command.actor.actorId } }), state);
    return supervisionSignals('r1', events, state).map(({ workflowId, signalName, args }) => {
      expect(workflowId).toBe(target);
      return [signalName, args[0]];
    });
  });
}

describe('what a report tells its task’s supervision', () => {
  const submit: ReportCommand = {
    type: 'SubmitReport',
    reportId: 'r1',
    actor: unit,
    now,
    task,
    period: '2025-06',
    values,
    narrative: '',
    chain: DEFAULT_CHAIN,
  };
  const reject = (reason: string): ReportCommand => ({ type: 'RejectReport', actor: coordinator, now, reason });
  const resubmit: ReportCommand = { type: 'ResubmitReport', actor: unit, now, task, values, narrative: '已核实' };

  it('the filing, each return with the revision sent back, and the signed-off figures; nothing of a review step', () => {
    expect(
      told([
        submit,
        reject('数据不实'),
        resubmit,
        reject('仍不完整'),
        resubmit,
        { type: 'ApproveReport', actor: coordinator, now },
        { type: 'ApproveReport', actor: office, now },
      ]),
    ).toEqual([
      [['reportFiled', { reportId: 'r1', period: '2025-06', withdrawn: false }]],
      [['reportReturned', { reportId: 'r1', period: '2025-06', revision: 1 }]],
      [['reportFiled', { reportId: 'r1', period: '2025-06', withdrawn: false }]],
      [['reportReturned', { reportId: 'r1', period: '2025-06', revision: 2 }]],
      [['reportFiled', { reportId: 'r1', period: '2025-06', withdrawn: false }]],
      [],
      [['progressSignedOff', { reportId: 'r1', period: '2025-06', values }]],
    ]);
  });

  it('a withdrawal frees the period', () => {
    expect(told([submit, { type: 'WithdrawReport', actor: unit, now, reason: '填错' }])[1]).toEqual([
      ['reportFiled', { reportId: 'r1', period: '2025-06', withdrawn: true }],
    ]);
  });
});
