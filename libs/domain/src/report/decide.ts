import { findStage, stageAfter } from './chain';
import type { ApproveReport, RejectReport, ReportCommand, ResubmitReport, SubmitReport } from './commands';
import type { ReportEvent } from './events';
import { periodProblems, ReportRuleViolation, valueProblems } from './rules';
import { assertNever, type ReportState } from './state';

/** The report's rules: which events a command produces in a state, or why it is refused. */
export function decide(command: ReportCommand, state: ReportState): ReportEvent[] {
  switch (command.type) {
    case 'SubmitReport':
      return submit(command, state);
    case 'ResubmitReport':
      return resubmit(command, state);
    case 'ApproveReport':
      return approve(command, state);
    case 'RejectReport':
      return reject(command, state);
    default:
      return assertNever(command);
  }
}

function submit(command: SubmitReport, state: ReportState): ReportEvent[] {
  if (state.status !== 'empty') throw new ReportRuleViolation('invalid_state', 'the report has already been submitted / 报告已提交');
  const { actor, task } = command;
  if (actor.role !== 'submitter' || !actor.unitId || !task.leadUnits.includes(actor.unitId)) {
    throw new ReportRuleViolation('forbidden', 'only a lead unit of the task may submit its report / 仅牵头单位可填报');
  }
  const firstStage = command.chain.stages[0];
  if (!firstStage) throw new ReportRuleViolation('invalid_state', 'the approval chain has no stage / 审批流程未配置');
  const problems = [...periodProblems(command.period, task.year), ...valueProblems(command.values, task.indicatorIds)];
  if (problems.length > 0) throw new ReportRuleViolation('invalid_input', 'the report is not valid / 报告内容有误', problems);
  return [
    {
      type: 'ReportSubmitted',
      data: {
        reportId: command.reportId,
        at: command.now,
        planId: task.planId,
        taskId: task.taskId,
        period: command.period,
        unitId: actor.unitId,
        revision: 1,
        values: command.values,
        narrative: command.narrative,
        chain: command.chain,
        stage: firstStage.id,
      },
    },
  ];
}

function resubmit(command: ResubmitReport, state: ReportState): ReportEvent[] {
  if (state.status !== 'returned') throw new ReportRuleViolation('invalid_state', 'only a returned report can be resubmitted / 仅退回的报告可重新提交');
  if (command.actor.role !== 'submitter' || command.actor.unitId !== state.unitId) {
    throw new ReportRuleViolation('forbidden', 'only the submitting unit may resubmit / 仅填报单位可重新提交');
  }
  const problems = valueProblems(command.values, command.indicatorIds);
  if (problems.length > 0) throw new ReportRuleViolation('invalid_input', 'the report is not valid / 报告内容有误', problems);
  return [
    {
      type: 'ReportResubmitted',
      data: {
        reportId: state.reportId,
        at: command.now,
        revision: state.revision + 1,
        values: command.values,
        narrative: command.narrative,
        stage: state.chain.stages[0]!.id,
      },
    },
  ];
}

function approve(command: ApproveReport, state: ReportState): ReportEvent[] {
  const review = reviewable(command, state);
  const next = stageAfter(review.state.chain, review.state.stage);
  const base = { reportId: review.state.reportId, at: command.now, stage: review.state.stage, comment: command.comment };
  if (next) return [{ type: 'ReportApproved', data: { ...base, nextStage: next.id } }];
  const { planId, taskId, period, revision, values } = review.state;
  return [{ type: 'ReportSignedOff', data: { ...base, planId, taskId, period, revision, values } }];
}

function reject(command: RejectReport, state: ReportState): ReportEvent[] {
  const review = reviewable(command, state);
  if (command.reason.trim().length === 0) {
    throw new ReportRuleViolation('invalid_input', 'a rejection needs a reason / 退回须填写理由', [{ field: 'reason', message: 'required / 必填' }]);
  }
  return [{ type: 'ReportRejected', data: { reportId: review.state.reportId, at: command.now, stage: review.state.stage, reason: command.reason } }];
}

/** A reviewer may act when the report waits at a stage of their role and they did not submit it. */
function reviewable(command: ApproveReport | RejectReport, state: ReportState) {
  if (state.status !== 'in_review') throw new ReportRuleViolation('invalid_state', `the report is ${state.status}, not in review / 报告不在审核中`);
  const stage = findStage(state.chain, state.stage);
  if (!stage || stage.role !== command.actor.role) {
    throw new ReportRuleViolation('forbidden', `the report waits at ${state.stage}, which is not for role ${command.actor.role} / 当前环节不属于该角色`);
  }
  if (command.actor.actorId === state.submittedBy) {
    throw new ReportRuleViolation('forbidden', 'nobody reviews a report they submitted / 不得审核本人提交的报告');
  }
  return { state, stage };
}
