import { pageOf, type Page, type PageKey } from '../http/paging';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { AccountRow } from '@ledger/accounts';
import { aggregateStream } from '@ledger/event-store';
import { isCountingUnit } from '@ledger/plan-catalog';
import {
  decide,
  evolve,
  initialReportState,
  reportStreamId,
  withAttachments,
  type AccountFacts,
  type ReportEvent,
  type ReportState,
  type ReportSummary,
  type TaskFacts,
  type PlausibilityFacts,
} from '@ledger/domain';
import {
  foldReportView,
  IndicatorRow,
  ReportRow,
  revisionDiff,
  TaskProgressRow,
  TaskRow,
  type ReportViewRecord,
} from '@ledger/read-models';
import { reportWorkflow, reportWorkflowId, submitUpdate, type SubmitInput } from '@ledger/workflows';
import { evidenceFor } from '../attachments/evidence';
import { actorOf, type Principal } from '../auth/principal';
import { PublishedPlans } from '../catalog/published-plans';
import { runDocumentAction } from '../http/document-actions';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { REPORT_ACTIONS, type ReportLookup } from './actions';
import { ActOnReport, SubmitReportCommand } from './commands';
import { translateWorkflowError } from './errors';
import { filedReport, legacyReport, reportIdNamespace, slotReportId, slotTaken } from './report-slot';
import { GetReport, ListReports, type ReportListItem, type ReportView } from './queries';

/** Generations of a slot tried before giving up: each is a report of the slot that was withdrawn. */
const MAX_SLOT_ATTEMPTS = 200;

@CommandHandler(SubmitReportCommand)
export class SubmitReportHandler implements ICommandHandler<SubmitReportCommand> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly plans: PublishedPlans,
  ) {}

  /**
   * One report per task, period and unit: the report's id is named after that slot (and the
   * generation: a withdrawn report leaves room for the next), so concurrent submissions reach one
   * workflow, which takes the first and refuses the rest; they are answered 409 naming it. A
   * retry of a request whose answer was lost (same correlation id) finds its own report and gets
   * the answer it would have had.
   */
  async execute({ principal, taskId, period, values, narrative, correlationId, attachments }: SubmitReportCommand): Promise<ReportSummary> {
    // The task code finds the chain; the workflow gets only the facts its rules read.
    const { taskCode, ...task } = await loadTaskFacts(this.runtime, taskId, period);
    const chain = await this.plans.chainForTask(task.planId, taskCode, task.leadUnits);
    const input = { actor: actorOf(principal), correlationId, task, period, values, narrative, chain };
    try {
      // The same rules the workflow applies, checked before a workflow is started for nothing.
      decide({ type: 'SubmitReport', reportId: correlationId, now: new Date().toISOString(), ...input }, initialReportState);
    } catch (error) {
      return translateWorkflowError(error);
    }
    const slot = { taskId, period, unitId: principal.unitId! };
    const namespace = await reportIdNamespace(this.runtime);
    const named: string[] = [];
    let generation = 0;
    for (let attempt = 0; attempt < MAX_SLOT_ATTEMPTS; attempt++) {
      const reportId = slotReportId(namespace, slot, generation);
      const filed = await filedReport(this.runtime, reportId, correlationId);
      if (filed.kind === 'ours') return filed.summary;
      if (filed.kind === 'taken') throw slotTaken(filed.reportId);
      if (filed.kind === 'withdrawn') {
        named.push(reportId);
        generation++;
        continue;
      }
      const legacy = await legacyReport(this.runtime, slot, [...named, reportId]);
      if (legacy) throw slotTaken(legacy);
      // The unit's uploads are linked to the report they are filed with (who may read them follows it).
      const evidence = withAttachments(await evidenceFor(this.runtime, principal, attachments, reportStreamId(reportId)));
      try {
        return await this.start(reportId, { ...input, ...evidence });
      } catch (error) {
        // Another submission filled the slot first: look at the slot again, it names the report.
        if (!isSubmittedAlready(error)) return translateWorkflowError(error);
      }
    }
    throw new Error(`report slot ${taskId}/${period}/${slot.unitId}: no free generation after ${MAX_SLOT_ATTEMPTS} attempts`);
  }

  private start(reportId: string, input: SubmitInput): Promise<ReportSummary> {
    const { config, temporal } = this.runtime;
    return temporal.workflow.executeUpdateWithStart(submitUpdate, {
      args: [input],
      // The same request's second attempt joins its first (or gets its outcome) instead of submitting again.
      updateId: input.correlationId,
      startWorkflowOperation: new WithStartWorkflowOperation(reportWorkflow, {
        workflowId: reportWorkflowId(reportId),
        taskQueue: config.taskQueue,
        args: [{ reportId }],
        // A running workflow of the slot takes the submission (its rules refuse a second); one that
        // ended without a report (nobody submitted within its window) may run again.
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
  }
}

/** The slot's workflow refused the submission because it already holds a report. */
function isSubmittedAlready(error: unknown): boolean {
  return error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === 'invalid_state';
}

/** Any action after submission: its row's workflow Update, with who does it. */
@CommandHandler(ActOnReport)
export class ActOnReportHandler implements ICommandHandler<ActOnReport> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, documentId: reportId, action, body, correlationId }: ActOnReport): Promise<ReportSummary> {
    // A unit may act only on its own tasks' reports and learns nothing of others (404), so its
    // request reads the report's first event first. A reviewer's request goes straight to the
    // workflow, whose validator decides on the report's state; the stream is read only when the
    // task's facts are needed, or to tell a report that never was (404) from a closed one (409).
    const known = principal.role === 'submitter' ? await reportForCommand(this.runtime, principal, reportId) : undefined;
    const report = () => known ?? reportForCommand(this.runtime, principal, reportId);
    const by = { actor: actorOf(principal), correlationId };
    const workflow = this.runtime.temporal.workflow.getHandle(reportWorkflowId(reportId));
    const lookup: ReportLookup = {
      taskFacts: async () => {
        const { taskId, period } = await report();
        const { taskCode: _taskCode, ...task } = await loadTaskFacts(this.runtime, taskId, period);
        return task;
      },
      account: (username) => accountRef(this.runtime, username),
      assignee: () => currentAssignee(this.runtime, reportId),
      evidence: (ids) => evidenceFor(this.runtime, principal, ids, reportStreamId(reportId)),
    };
    return runDocumentAction(REPORT_ACTIONS[action], workflow, by, body, lookup).catch(async (error: unknown) => {
      if (error instanceof WorkflowNotFoundError && !known) await report();
      return translateWorkflowError(error);
    });
  }
}

@QueryHandler(GetReport)
export class GetReportHandler implements IQueryHandler<GetReport> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, reportId }: GetReport): Promise<ReportView> {
    const report = await visibleReport(this.runtime, principal, reportId);
    const { id, taskId, period, unitId, status, stage, revision, values, narrative, history, revisions } = report;
    const attachments = revisions.at(-1)?.attachments ?? [];
    const view: ReportView = { id, taskId, period, unitId, status, stage, revision, values, narrative, attachments, history, revisions };
    const [previous, current] = revisions.slice(-2);
    if (revisions.length > 1 && previous && current) view.diff = revisionDiff(previous.values, current.values);
    return view;
  }
}

@QueryHandler(ListReports)
export class ListReportsHandler implements IQueryHandler<ListReports> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, filter }: ListReports): Promise<Page<ReportListItem>> {
    const query = this.runtime.dataSource.getRepository(ReportRow).createQueryBuilder('r');
    if (principal.role === 'submitter') {
      // A unit sees the reports of the tasks it leads or co-leads.
      query.andWhere('r.task_id in (select id from rm_tasks where lead_units ? :unit)', { unit: principal.unitId });
      if (filter.mine) query.andWhere('r.unit_id = :unit', { unit: principal.unitId });
    } else if (filter.mine) {
      query.andWhere(`r.history @> :acted::jsonb`, { acted: JSON.stringify([{ actorId: principal.accountId }]) });
    }
    if (filter.taskId) query.andWhere('r.task_id = :taskId', { taskId: filter.taskId });
    if (filter.period) query.andWhere('r.period = :period', { period: filter.period });
    if (filter.status) query.andWhere('r.status = :status', { status: filter.status });
    // The latest moved first; the id orders reports updated in the same instant.
    const page = await pageOf(query, REPORT_ORDER, filter);
    const items = page.items.map(({ id, taskId, period, unitId, status, stage, revision, updatedAt }) => ({
      id,
      taskId,
      period,
      unitId,
      status,
      stage,
      revision,
      updatedAt: updatedAt.toISOString(),
    }));
    return { ...page, items };
  }
}

const REPORT_ORDER: ReadonlyArray<PageKey<ReportRow>> = [
  { sql: 'r.updated_at', direction: 'DESC', of: (row) => row.updatedAt.toISOString() },
  { sql: 'r.id', direction: 'DESC', of: (row) => row.id },
];

/** The report, if it exists and the principal may see it; a submitter sees only its unit's tasks' reports. */
type VisibleReport = Pick<
  ReportRow,
  'id' | 'taskId' | 'period' | 'unitId' | 'status' | 'stage' | 'revision' | 'values' | 'narrative' | 'history' | 'revisions'
>;

/**
 * The report, if it exists and the principal may see it; a submitter sees only its unit's tasks'
 * reports. A report the projector has not reached yet is folded from its own stream with the
 * same pure function, so a read right after a write finds it.
 */
async function visibleReport(runtime: LedgerRuntime, principal: Principal, reportId: string): Promise<VisibleReport> {
  const report: VisibleReport | undefined =
    (await runtime.dataSource.getRepository(ReportRow).findOneBy({ id: reportId })) ?? (await foldFromStream(runtime, reportId));
  const notFound = () => new Problem(404, 'Not Found / 未找到', `no report ${reportId} / 报告不存在`);
  if (!report) throw notFound();
  if (principal.role === 'submitter') {
    const task = await runtime.dataSource.getRepository(TaskRow).findOneBy({ id: report.taskId });
    // Same answer as a missing report: a unit learns nothing about other units' reports.
    if (!principal.unitId || !task?.leadUnits.includes(principal.unitId)) throw notFound();
  }
  return report;
}

async function foldFromStream(runtime: LedgerRuntime, reportId: string): Promise<VisibleReport | undefined> {
  let view: ReportViewRecord | undefined;
  for (const event of await runtime.store.readStream<ReportEvent>(reportStreamId(reportId))) {
    view = foldReportView(view, event);
  }
  return view;
}

/**
 * For commands: the report as its own stream states it, so an operation right after the
 * submission does not depend on the read model having caught up.
 */
async function reportForCommand(
  runtime: LedgerRuntime,
  principal: Principal,
  reportId: string,
): Promise<Pick<ReportRow, 'taskId' | 'period'>> {
  const [first] = await runtime.store.readStream<ReportEvent>(reportStreamId(reportId), { limit: 1 });
  const notFound = () => new Problem(404, 'Not Found / 未找到', `no report ${reportId} / 报告不存在`);
  if (!first || first.type !== 'ReportSubmitted') throw notFound();
  const { taskId, period } = first.data;
  if (principal.role === 'submitter') {
    const task = await runtime.dataSource.getRepository(TaskRow).findOneBy({ id: taskId });
    if (!principal.unitId || !task?.leadUnits.includes(principal.unitId)) throw notFound();
  }
  return { taskId, period };
}

async function loadTaskFacts(runtime: LedgerRuntime, taskId: string, period: string): Promise<TaskFacts & { taskCode: string }> {
  // One statement, the nesting done by PostgreSQL: read before every submission, it costs one
  // round trip rather than four queries with an entity per row.
  const [task] = await runtime.pool
    .query<FactsRow>(
      `select t.plan_id as "planId", t.code, t.lead_units as "leadUnits", p.year,
              coalesce((select json_agg(json_build_object('indicatorId', i.indicator_id, 'kind', i.kind, 'target', i.target,
                                  'unit', i.unit) order by i.sort)
                          from rm_indicators i where i.task_id = t.id), '[]') as indicators,
              coalesce((select json_agg(json_build_object('indicatorId', g.indicator_id, 'value', g.value, 'period', g.period))
                          from rm_task_progress g where g.task_id = t.id), '[]') as progress
         from rm_tasks t join rm_plans p on p.id = t.plan_id
        where t.id = $1`,
      [taskId],
    )
    .then((result) => result.rows);
  if (!task)
    throw new Problem(400, 'Bad Request / 请求有误', `no task ${taskId} / 任务不存在`, [
      { field: 'taskId', message: 'unknown task / 任务不存在' },
    ]);
  const { indicators, progress } = task;
  const cumulative = new Set(indicators.filter((i) => i.kind === 'cumulative').map((i) => i.indicatorId));
  // Only earlier periods set a floor: a late report for an earlier month may be lower.
  const cumulativeFloor = Object.fromEntries(
    progress.filter((p) => cumulative.has(p.indicatorId) && p.period < period).map((p) => [p.indicatorId, p.value]),
  );
  return {
    planId: task.planId,
    taskId,
    taskCode: task.code,
    leadUnits: task.leadUnits,
    indicatorIds: indicators.map((i) => i.indicatorId),
    year: task.year,
    cumulativeFloor,
    wholeNumberIndicatorIds: indicators.filter((i) => isCountingUnit(i.unit)).map((i) => i.indicatorId),
    plausibility: plausibilityFacts(indicators, progress, period),
  };
}

/** What a submission reads of its task: the catalogue's row, its plan's year, its indicators and signed-off progress. */
interface FactsRow {
  planId: string;
  code: string;
  leadUnits: string[];
  year: number;
  indicators: Array<Pick<IndicatorRow, 'indicatorId' | 'kind' | 'target' | 'unit'>>;
  progress: Array<Pick<TaskProgressRow, 'indicatorId' | 'value' | 'period'>>;
}

/** Targets of the numeric indicators and, for counts that grow, the last signed-off value of an earlier period. */
function plausibilityFacts(
  indicators: FactsRow['indicators'],
  progress: FactsRow['progress'],
  period: string,
): Record<string, PlausibilityFacts> {
  const judged = indicators.filter((i) => PLAUSIBILITY_KINDS.has(i.kind) && typeof i.target === 'number' && i.target > 0);
  return Object.fromEntries(
    judged.map((i) => {
      const last = i.kind === 'cumulative' ? progress.find((p) => p.indicatorId === i.indicatorId && p.period < period) : undefined;
      return [i.indicatorId, { target: Number(i.target), ...(last ? { lastSignedOff: last.value } : {}) }];
    }),
  );
}

/** Kinds whose value is a quantity against a target; a decrease, a milestone or a duty is not judged so. */
const PLAUSIBILITY_KINDS = new Set(['cumulative', 'rate', 'standard']);

/** What the report's rules read of an account: role, unit and whether it is disabled (they refuse a disabled one). */
const accountFacts = (account: AccountRow): AccountFacts => ({
  actorId: account.id,
  role: account.role,
  unitId: account.unitId,
  active: !account.disabled,
});

async function accountRef(runtime: LedgerRuntime, username: string): Promise<AccountFacts> {
  const account = await runtime.dataSource.getRepository(AccountRow).findOneBy({ username });
  if (!account)
    throw new Problem(400, 'Bad Request / 请求有误', `no account ${username} / 账号不存在`, [
      { field: 'toUsername', message: 'unknown account / 账号不存在' },
    ]);
  return accountFacts(account);
}

/**
 * Who the report's current stage is transferred to, folded from its own stream with the domain's
 * evolve (the read model may lag), and that account as the directory has it now. The workflow's
 * rules check it against their own state, so a transfer racing this read is refused, not undone.
 */
async function currentAssignee(runtime: LedgerRuntime, reportId: string): Promise<AccountFacts | undefined> {
  const { state } = await aggregateStream<ReportState, ReportEvent>(runtime.store, reportStreamId(reportId), {
    evolve,
    initialState: initialReportState,
  });
  if (state.status !== 'in_review' || !state.assignee) return undefined;
  const account = await runtime.dataSource.getRepository(AccountRow).findOneBy({ id: state.assignee });
  // An account that is gone can act no more than a disabled one.
  return account ? accountFacts(account) : { actorId: state.assignee, role: '', unitId: null, active: false };
}

export const REPORT_HANDLERS = [SubmitReportHandler, ActOnReportHandler, GetReportHandler, ListReportsHandler];
