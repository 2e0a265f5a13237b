import type { Actor } from '../actors';
import { attachmentProblems, withAttachments } from '../attachments';
import { chainForTask, findStage, separatesDuties, stageAfter, stageIndex, type Stage, type StageAction } from './chain';
import type {
  AccountFacts,
  AcknowledgeUrge,
  ApproveReport,
  CountersignReport,
  DelegateReport,
  OpenReport,
  ReclaimReport,
  RecordStageTimer,
  RejectReport,
  ReportCommand,
  ResubmitReport,
  ReturnReport,
  SubmitReport,
  TransferReport,
  UrgeReport,
  WithdrawReport,
} from './commands';
import type { ReportEvent } from './events';
import { invisibleTextProblems } from '../text';
import { periodProblems, ReportRuleViolation, valueProblems } from './rules';
import { flagImplausible, plausibilityProblems } from './plausibility';
import { assertNever, type InReview, type ReportState } from './state';

/** The report's rules: which events a command produces in a state, or why it is refused. */
export function decide(command: ReportCommand, state: ReportState): ReportEvent[] {
  switch (command.type) {
    case 'SubmitReport':
      return submit(command, state);
    case 'ResubmitReport':
      return resubmit(command, state);
    case 'OpenReport':
      return open(command, state);
    case 'CountersignReport':
      return countersign(command, state);
    case 'ApproveReport':
      return approve(command, state);
    case 'RejectReport':
      return reject(command, state);
    case 'ReturnReport':
      return returnTo(command, state);
    case 'WithdrawReport':
      return withdraw(command, state);
    case 'UrgeReport':
      return urge(command, state);
    case 'AcknowledgeUrge':
      return acknowledge(command, state);
    case 'TransferReport':
      return transfer(command, state);
    case 'DelegateReport':
      return delegate(command, state);
    case 'ReclaimReport':
      return reclaim(command, state);
    case 'RecordStageTimer':
      return recordTimer(command, state);
    default:
      return assertNever(command);
  }
}

const refuse = (code: ReportRuleViolation['code'], message: string, problems: ReportRuleViolation['problems'] = []) =>
  new ReportRuleViolation(code, message, problems);

function submit(command: SubmitReport, state: ReportState): ReportEvent[] {
  if (state.status !== 'empty') throw refuse('invalid_state', 'the report has already been submitted / 报告已提交');
  const { actor, task } = command;
  if (actor.role !== 'submitter' || !actor.unitId || !task.leadUnits.includes(actor.unitId)) {
    throw refuse('forbidden', 'only a lead unit of the task may submit its report / 仅牵头单位可填报');
  }
  const chain = chainForTask(command.chain, task.leadUnits);
  const firstStage = chain.stages[0];
  if (!firstStage) throw refuse('invalid_state', 'the approval chain has no stage / 审批流程未配置');
  const problems = [
    ...periodProblems(command.period, task.year),
    ...valueProblems(command.values, task.indicatorIds, task.cumulativeFloor, task.wholeNumberIndicatorIds),
    ...plausibilityProblems(command.values, task.plausibility),
    ...invisibleTextProblems('narrative', command.narrative),
    ...attachmentProblems(command.attachments),
  ];
  if (problems.length > 0) throw refuse('invalid_input', 'the report is not valid / 报告内容有误', problems);
  const countersignUnit = task.leadUnits.find((unit) => unit !== actor.unitId);
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
        ...(chain.stages.some((stage) => stage.countersign) && countersignUnit ? { countersignUnit } : {}),
        revision: 1,
        values: flagImplausible(command.values, task.plausibility),
        narrative: command.narrative,
        ...withAttachments(command.attachments),
        chain,
        stage: firstStage.id,
      },
    },
  ];
}

function resubmit(command: ResubmitReport, state: ReportState): ReportEvent[] {
  if (state.status !== 'returned') throw refuse('invalid_state', 'only a returned report can be resubmitted / 仅退回的报告可重新提交');
  if (command.actor.role !== 'submitter' || command.actor.unitId !== state.unitId) {
    throw refuse('forbidden', 'only the submitting unit may resubmit / 仅填报单位可重新提交');
  }
  const problems = [
    ...valueProblems(command.values, command.task.indicatorIds, command.task.cumulativeFloor, command.task.wholeNumberIndicatorIds),
    ...plausibilityProblems(command.values, command.task.plausibility),
    ...invisibleTextProblems('narrative', command.narrative),
    ...attachmentProblems(command.attachments),
  ];
  if (problems.length > 0) throw refuse('invalid_input', 'the report is not valid / 报告内容有误', problems);
  const data = {
    reportId: state.reportId,
    at: command.now,
    revision: state.revision + 1,
    values: flagImplausible(command.values, command.task.plausibility),
    narrative: command.narrative,
    ...withAttachments(command.attachments),
  };
  return [{ type: 'ReportResubmitted', data: { ...data, stage: state.chain.stages[0]!.id } }];
}

/** Opening is recorded once per stage visit; opening again changes nothing. */
function open(command: OpenReport, state: ReportState): ReportEvent[] {
  const { waiting, onBehalfOf } = actingAt(command.actor, state, 'open');
  if (waiting.stageOpened) return [];
  return [
    {
      type: 'ReportOpened',
      data: { reportId: waiting.reportId, at: command.now, stage: waiting.stage, ...(onBehalfOf ? { onBehalfOf } : {}) },
    },
  ];
}

function countersign(command: CountersignReport, state: ReportState): ReportEvent[] {
  const { waiting, stage } = actingAt(command.actor, state, 'countersign');
  const next = stageAfter(waiting.chain, stage.id);
  if (!next) throw refuse('invalid_state', 'a countersign stage cannot be the last stage / 会签不能为最后环节');
  return [
    {
      type: 'ReportCountersigned',
      data: {
        reportId: waiting.reportId,
        at: command.now,
        stage: stage.id,
        unitId: command.actor.unitId!,
        nextStage: next.id,
        ...opt('comment', command.comment),
      },
    },
  ];
}

function approve(command: ApproveReport, state: ReportState): ReportEvent[] {
  const { waiting, stage, onBehalfOf } = actingAt(command.actor, state, 'approve');
  const next = stageAfter(waiting.chain, stage.id);
  const base = {
    reportId: waiting.reportId,
    at: command.now,
    stage: stage.id,
    ...opt('comment', command.comment),
    ...opt('onBehalfOf', onBehalfOf),
  };
  if (next) return [{ type: 'ReportApproved', data: { ...base, nextStage: next.id } }];
  const { planId, taskId, period, revision, values } = waiting;
  return [{ type: 'ReportSignedOff', data: { ...base, planId, taskId, period, revision, values } }];
}

function reject(command: RejectReport, state: ReportState): ReportEvent[] {
  const { waiting, stage, onBehalfOf } = actingAt(command.actor, state, 'reject');
  const reason = requireReason(command.reason);
  return [
    {
      type: 'ReportRejected',
      data: { reportId: waiting.reportId, at: command.now, stage: stage.id, reason, ...opt('onBehalfOf', onBehalfOf) },
    },
  ];
}

function returnTo(command: ReturnReport, state: ReportState): ReportEvent[] {
  const { waiting, stage, onBehalfOf } = actingAt(command.actor, state, 'return');
  const reason = requireReason(command.reason);
  const target = stageIndex(waiting.chain, command.toStage);
  if (target < 0 || target >= stageIndex(waiting.chain, stage.id)) {
    throw refuse('invalid_input', `${command.toStage} is not an earlier stage / 只能退回到之前的环节`, [
      { field: 'toStage', message: 'must be an earlier stage / 须为之前的环节' },
    ]);
  }
  return [
    {
      type: 'ReportReturned',
      data: {
        reportId: waiting.reportId,
        at: command.now,
        stage: stage.id,
        toStage: command.toStage,
        reason,
        ...opt('onBehalfOf', onBehalfOf),
      },
    },
  ];
}

function withdraw(command: WithdrawReport, state: ReportState): ReportEvent[] {
  if (state.status !== 'in_review')
    throw refuse('invalid_state', `the report is ${state.status}; only a report in review can be withdrawn / 仅审核中的报告可撤回`);
  if (command.actor.role !== 'submitter' || command.actor.unitId !== state.unitId) {
    throw refuse('forbidden', 'only the submitting unit may withdraw / 仅填报单位可撤回');
  }
  if (state.opened)
    throw refuse('invalid_state', 'a reviewer has opened the report; it can no longer be withdrawn / 审核人已查看，不能撤回');
  return [{ type: 'ReportWithdrawn', data: { reportId: state.reportId, at: command.now, ...opt('reason', command.reason) } }];
}

/** 催办: the coordinator or the office urges whoever the report waits for. */
function urge(command: UrgeReport, state: ReportState): ReportEvent[] {
  const waiting = inReview(state);
  const stage = currentStage(waiting);
  if (command.actor.role !== 'coordinator' && command.actor.role !== 'office')
    throw refuse('forbidden', 'only the coordinator or the office may urge / 仅工作专班办公室可催办');
  if (!stage.actions.includes('urge')) throw refuse('invalid_state', `urging is not allowed at ${stage.id} / 当前环节不可催办`);
  const urgedUnitId = stage.countersign ? waiting.countersignUnit : undefined;
  return [
    {
      type: 'ReportUrged',
      data: {
        reportId: waiting.reportId,
        at: command.now,
        stage: stage.id,
        urgeId: command.urgeId,
        urgedRole: stage.role,
        ...opt('urgedUnitId', urgedUnitId),
        ...opt('message', command.message),
      },
    },
  ];
}

function acknowledge(command: AcknowledgeUrge, state: ReportState): ReportEvent[] {
  const waiting = inReview(state);
  const open = waiting.urges.find((urge) => urge.urgeId === command.urgeId);
  if (!open) throw refuse('invalid_state', `no open urge ${command.urgeId} / 无此催办或已确认`);
  const { actor } = command;
  const urged = actor.role === open.urgedRole && (open.urgedUnitId === undefined || open.urgedUnitId === actor.unitId);
  if (!urged) throw refuse('forbidden', 'only the urged party may acknowledge / 仅被催办方可确认');
  return [{ type: 'UrgeAcknowledged', data: { reportId: waiting.reportId, at: command.now, urgeId: open.urgeId, stage: waiting.stage } }];
}

/** 转办: the stage goes to a named person of the stage's role; only they act there from now on. */
function transfer(command: TransferReport, state: ReportState): ReportEvent[] {
  const { waiting, stage } = actingAt(command.actor, state, 'transfer');
  refuseDisabled(command.to);
  if (!holdsStage(command.to, stage, waiting))
    throw refuse('invalid_input', `the stage needs role ${stage.role} / 接收人角色不符`, [
      { field: 'to', message: `must hold role ${stage.role} / 接收人须为本环节角色` },
    ]);
  if (command.to.actorId === waiting.submittedBy)
    throw refuse('forbidden', 'a report cannot be transferred to its submitter / 不能转给填报人');
  refuseOutsideDuties(command.to.actorId, stage, waiting);
  return [
    {
      type: 'ReportTransferred',
      data: {
        reportId: waiting.reportId,
        at: command.now,
        stage: stage.id,
        ...opt('fromActorId', waiting.assignee),
        toActorId: command.to.actorId,
      },
    },
  ];
}

/** 委托: someone who may act at the stage lets another person act for them; both are recorded. */
function delegate(command: DelegateReport, state: ReportState): ReportEvent[] {
  const { waiting, stage, onBehalfOf } = actingAt(command.actor, state, 'delegate');
  if (onBehalfOf) throw refuse('forbidden', 'a delegate cannot delegate further / 受托人不能再委托');
  refuseDisabled(command.to);
  // With duties separated a delegate holds the stage's own role: a delegate of another role
  // (the coordinator for the office) is how one person came to review and sign off alone.
  const validRole = separatesDuties(waiting.chain) ? holdsStage(command.to, stage, waiting) : command.to.role !== 'auditor';
  if (!validRole || command.to.actorId === command.actor.actorId || command.to.actorId === waiting.submittedBy) {
    throw refuse('invalid_input', 'not a valid delegate / 受托人无效', [
      { field: 'to', message: `not a valid delegate: must be another holder of role ${stage.role} / 受托人须为本环节角色的其他人员` },
    ]);
  }
  refuseOutsideDuties(command.to.actorId, stage, waiting);
  return [
    {
      type: 'ReportDelegated',
      data: {
        reportId: waiting.reportId,
        at: command.now,
        stage: stage.id,
        delegatorId: command.actor.actorId,
        delegateId: command.to.actorId,
      },
    },
  ];
}

/**
 * 收回: a stage transferred to someone who can no longer act (the account is disabled, or no
 * longer holds the stage's role) would wait for them for ever; any holder of the stage's role,
 * or the office, gives it back to the role. Allowed wherever a transfer is (it undoes one), and
 * it is not acting at the stage: whoever reclaims may still act at their own stage.
 */
function reclaim(command: ReclaimReport, state: ReportState): ReportEvent[] {
  const waiting = inReview(state);
  const stage = currentStage(waiting);
  const { actor, assignee } = command;
  if (actor.role !== stage.role && actor.role !== 'office')
    throw refuse('forbidden', `only role ${stage.role} or the office may reclaim the stage / 仅本环节角色或办公室可收回`);
  if (waiting.submitters.includes(actor.actorId))
    throw refuse('forbidden', 'nobody handles a report they submitted / 不得办理本人提交的报告');
  if (!stage.actions.includes('transfer')) throw refuse('invalid_state', `reclaim is not allowed at ${stage.id} / 当前环节不允许此操作`);
  if (!waiting.assignee || assignee?.actorId !== waiting.assignee)
    throw refuse('invalid_state', 'the stage is not transferred to that account (any more) / 当前环节未转办给该账号');
  if (assignee.active !== false && holdsStage(assignee, stage, waiting))
    throw refuse(
      'invalid_state',
      'the assignee can still act; only a stage whose assignee cannot act is reclaimed / 承办人仍可办理，无需收回',
    );
  return [
    { type: 'ReportReclaimed', data: { reportId: waiting.reportId, at: command.now, stage: stage.id, fromActorId: assignee.actorId } },
  ];
}

/** A disabled account takes nothing over: the report would wait for someone who cannot sign in. */
function refuseDisabled(to: AccountFacts): void {
  if (to.active === false)
    throw refuse('invalid_input', 'the account is disabled / 该账号已停用', [{ field: 'to', message: 'disabled account / 账号已停用' }]);
}

/** Whether the account could act at the stage by its role (and, at a countersign stage, its unit). */
function holdsStage(account: AccountFacts, stage: Stage, waiting: InReview): boolean {
  if (account.role !== stage.role) return false;
  return !stage.countersign || (account.unitId ?? undefined) === waiting.countersignUnit;
}

/** The stages other than `stage` at which the person took part (see Filed.participants). */
function otherStages(personId: string, stage: Stage, waiting: InReview): string[] {
  return (waiting.participants[personId] ?? []).filter((id) => id !== stage.id);
}

/** Separation of duties for a hand-over: the person taking the stage has no part in another stage and never submitted. */
function refuseOutsideDuties(personId: string, stage: Stage, waiting: InReview): void {
  if (!separatesDuties(waiting.chain)) return;
  const elsewhere = otherStages(personId, stage, waiting);
  if (waiting.submitters.includes(personId) || elsewhere.length > 0) {
    const where = elsewhere.length > 0 ? `acts at ${elsewhere.join(', ')}` : 'submitted the report';
    throw refuse('invalid_input', `separation of duties: the account ${where} / 职责分离：该人员已在本报告其他环节办理或为填报人`, [
      { field: 'to', message: 'acts at another stage of this report / 已在本报告其他环节办理' },
    ]);
  }
}

/** A timer records its event once, and only while the report still waits at that stage. */
function recordTimer(command: RecordStageTimer, state: ReportState): ReportEvent[] {
  if (state.status !== 'in_review' || state.stage !== command.stage) return [];
  const data = { reportId: state.reportId, at: command.now, stage: command.stage, dueAt: command.dueAt };
  switch (command.kind) {
    case 'reminder':
      return state.timers.reminded ? [] : [{ type: 'StageReminderSent', data }];
    case 'overdue':
      return state.timers.overdue ? [] : [{ type: 'StageOverdue', data }];
    case 'escalation':
      return state.timers.escalated
        ? []
        : [{ type: 'StageEscalated', data: { ...data, escalatedTo: escalationRole(currentStage(state)) } }];
    default:
      return assertNever(command.kind);
  }
}

/** A late stage is escalated to the office; a late office stage to the convener's office (still 'office'). */
function escalationRole(stage: Stage): string {
  return stage.role === 'submitter' ? 'coordinator' : 'office';
}

function inReview(state: ReportState): InReview {
  if (state.status !== 'in_review') throw refuse('invalid_state', `the report is ${state.status}, not in review / 报告不在审核中`);
  return state;
}

function currentStage(waiting: InReview): Stage {
  const stage = findStage(waiting.chain, waiting.stage);
  if (!stage) throw refuse('invalid_state', `unknown stage ${waiting.stage}`);
  return stage;
}

/**
 * Who may do `action` at the current stage: for a countersign stage the co-lead unit; else a
 * holder of the stage's role (only the assignee after a transfer), or their delegate, who then
 * acts on their behalf. Nobody reviews a report they submitted, and (duties separated) nobody
 * acts at a second stage of the same report.
 */
function actingAt(actor: Actor, state: ReportState, action: StageAction): { waiting: InReview; stage: Stage; onBehalfOf?: string } {
  const waiting = inReview(state);
  const stage = currentStage(waiting);
  if (!stage.actions.includes(action)) throw refuse('invalid_state', `${action} is not allowed at ${stage.id} / 当前环节不允许此操作`);
  const onBehalfOf = waiting.delegations[actor.actorId];
  const principalId = onBehalfOf ?? actor.actorId;
  if (principalId === waiting.submittedBy || actor.actorId === waiting.submittedBy) {
    throw refuse('forbidden', 'nobody reviews a report they submitted / 不得审核本人提交的报告');
  }
  if (stage.countersign) {
    if (actor.role !== 'submitter' || !actor.unitId || actor.unitId !== waiting.countersignUnit) {
      throw refuse(
        'forbidden',
        `the report waits for the countersign of ${waiting.countersignUnit ?? 'the co-lead unit'} / 待会签单位会签`,
      );
    }
    refuseSecondStage([actor.actorId], stage, waiting);
    return { waiting, stage };
  }
  if (!onBehalfOf && actor.role !== stage.role) {
    // Not now (the report waits at another of this role's stages, e.g. a racing approval moved
    // it on) is a conflict; a role with no stage in the chain is simply not allowed.
    const hasStage = waiting.chain.stages.some((s) => !s.countersign && s.role === actor.role);
    if (hasStage) throw refuse('invalid_state', `the report now waits at ${stage.id} / 报告当前处于「${stage.name}」环节`);
    throw refuse('forbidden', `the report waits at ${stage.id}, which is not for role ${actor.role} / 当前环节不属于该角色`);
  }
  if (waiting.assignee && principalId !== waiting.assignee) {
    throw refuse('forbidden', 'the stage has been transferred to someone else / 已转办他人');
  }
  refuseSecondStage([actor.actorId, principalId], stage, waiting);
  return { waiting, stage, onBehalfOf };
}

/**
 * One person, one stage (duties separated): neither the acting person nor the one they act for
 * may have taken part at another stage, whatever route (role, transfer, delegation, a role held
 * earlier) led here. Checked last, so that a report which has simply moved on is still a
 * conflict (409) for whoever raced it there.
 */
function refuseSecondStage(people: string[], stage: Stage, waiting: InReview): void {
  if (!separatesDuties(waiting.chain)) return;
  for (const person of new Set(people)) {
    if (waiting.submitters.includes(person)) throw refuse('forbidden', 'nobody reviews a report they submitted / 不得审核本人提交的报告');
    const elsewhere = otherStages(person, stage, waiting);
    if (elsewhere.length > 0) {
      const names = elsewhere.map((id) => findStage(waiting.chain, id)?.name ?? id).join('、');
      throw refuse(
        'forbidden',
        `separation of duties: one person acts at one stage of a report only; already acted at ${elsewhere.join(', ')} / 职责分离：同一报告中一人只能办理一个环节，已在「${names}」办理`,
      );
    }
  }
}

function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw refuse('invalid_input', 'a reason is required / 须填写理由', [{ field: 'reason', message: 'required / 必填' }]);
  const invisible = invisibleTextProblems('reason', trimmed);
  if (invisible.length > 0) throw refuse('invalid_input', 'the reason is not valid / 理由有误', invisible);
  return trimmed;
}

/** `{ key: value }` when value is defined, else nothing: events carry no undefined fields. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
