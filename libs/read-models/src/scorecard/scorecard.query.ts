import type { DataSource, EntityManager } from 'typeorm';
import { closedPeriods, reportDeadline, stageAfter, type ApprovalChain, type NoticeLevel } from '@ledger/domain';
import type { NoticeHistoryEntry } from '../notices/entities';
import type { ReportHistoryEntry } from '../reports/entities';

/** One stay of a report at a stage ('returned': back with the unit, until it resubmits). */
export interface StageVisit {
  stage: string;
  enteredAt: string;
  leftAt: string;
}

export interface Scorecard {
  unit: { id: string; name: string };
  asOf: string;
  tasksLed: Array<{ id: string; code: string; title: string }>;
  reports: {
    /** Submitted and not withdrawn. */
    submitted: number;
    /** First submitted before the period's deadline. */
    onTime: number;
    late: number;
    /** Rejected back to the unit at least once. */
    returned: number;
  };
  /** Mean time a report of the unit spent at each stage, over the stays that ended. */
  stageHours: Array<{ stage: string; visits: number; averageHours: number }>;
  openOverdue: Array<
    | { kind: 'missing_report'; taskId: string; period: string; deadline: string }
    | { kind: 'countersign'; reportId: string; taskId: string; period: string; dueAt: string }
  >;
  /**
   * The 督办单 sent to the unit, from the 督办 board as it stands now (`asOf` moves the overdue
   * reckoning only).
   */
  notices: {
    /** Not yet closed (销号), by level. */
    open: Record<NoticeLevel, number> & { total: number };
    /** 销号. */
    closed: number;
    /** Rose a level at least once (签收 or 整改反馈 deadline passed unmet). */
    escalated: number;
    /** Answered (整改反馈) by the unit after the response deadline it was answering had passed unmet. */
    answeredLate: number;
  };
}

/**
 * A unit's record: what it leads, how punctually it reports, how long its reports wait where, what
 * it owes now. The report figures are the unit's running totals (rm_unit_scorecards) and what it
 * owes comes from the task board (a month per task) and the open reports: the read does not grow
 * with the reports the unit has filed.
 */
export async function loadScorecard(db: DataSource | EntityManager, unitId: string, asOf: string): Promise<Scorecard | undefined> {
  const units: Array<{ id: string; name: string }> = await db.query('select id, name from rm_units where id = $1', [unitId]);
  const unit = units[0];
  if (!unit) return undefined;
  const [tasks, totalsRows, reported, countersigning, [noticeCounts], missedNotices] = (await Promise.all([
    db.query(
      `select t.id, t.code, t.title, p.year, p.deadline_day from rm_tasks t join rm_plans p on p.id = t.plan_id where t.lead_units ? $1 order by t.plan_id, t.sort`,
      [unitId],
    ),
    db.query('select submitted, on_time, returned, stage_visits from rm_unit_scorecards where unit_id = $1', [unitId]),
    // The months of the unit's tasks that a live report covers.
    db.query(
      `select p.task_id, p.period from rm_task_periods p join rm_tasks t on t.id = p.task_id
        where t.lead_units ? $1 and p.first_submitted_at is not null`,
      [unitId],
    ),
    // Reports in review waiting on the unit's countersignature: open work, not the year's reports.
    db.query(
      `select id, task_id, period, stage, chain, stage_due_at from rm_reports
        where status = 'in_review' and countersign_unit = $1 and stage_due_at < $2`,
      [unitId, asOf],
    ),
    db.query(
      `select count(*) filter (where status <> 'closed' and level = 'blue')::int as blue,
              count(*) filter (where status <> 'closed' and level = 'yellow')::int as yellow,
              count(*) filter (where status <> 'closed' and level = 'red')::int as red,
              count(*) filter (where status = 'closed')::int as closed,
              count(*) filter (where jsonb_array_length(state->'escalated') > 0)::int as escalated
         from rm_notices where unit_ids ? $1`,
      [unitId],
    ),
    // Only the notices that missed a response deadline can have been answered late: their histories alone are read.
    db.query(
      `select history from rm_notices
        where unit_ids ? $1 and exists (select 1 from jsonb_array_elements_text(state->'escalated') as k where k like 'respond@%')`,
      [unitId],
    ),
  ])) as [
    Array<{ id: string; code: string; title: string; year: number; deadline_day: number }>,
    Array<{ submitted: number; on_time: number; returned: number; stage_visits: Record<string, { visits: number; ms: number }> }>,
    Array<{ task_id: string; period: string }>,
    Array<{ id: string; task_id: string; period: string; stage: string | null; chain: ApprovalChain; stage_due_at: Date }>,
    Array<Record<NoticeLevel | 'closed' | 'escalated', number>>,
    Array<{ history: NoticeHistoryEntry[] }>,
  ];

  const { blue, yellow, red, closed, escalated } = noticeCounts!;
  const totals = totalsRows[0] ?? { submitted: 0, on_time: 0, returned: 0, stage_visits: {} };

  const openOverdue: Scorecard['openOverdue'] = [];
  const covered = new Set(reported.map((r) => `${r.task_id}\u0000${r.period}`));
  for (const task of tasks) {
    const calendar = { period: 'monthly' as const, deadlineDay: task.deadline_day };
    for (const period of closedPeriods(task.year, calendar, asOf)) {
      if (!covered.has(`${task.id}\u0000${period}`))
        openOverdue.push({ kind: 'missing_report', taskId: task.id, period, deadline: reportDeadline(period, calendar) });
    }
  }
  for (const r of countersigning) {
    const stage = r.chain.stages.find((s) => s.id === r.stage);
    if (stage?.countersign)
      openOverdue.push({ kind: 'countersign', reportId: r.id, taskId: r.task_id, period: r.period, dueAt: r.stage_due_at.toISOString() });
  }

  return {
    unit,
    asOf,
    tasksLed: tasks.map(({ id, code, title }) => ({ id, code, title })),
    reports: { submitted: totals.submitted, onTime: totals.on_time, late: totals.submitted - totals.on_time, returned: totals.returned },
    stageHours: Object.entries(totals.stage_visits).map(([stage, { visits, ms }]) => ({
      stage,
      visits,
      averageHours: Math.round((ms / visits / 3_600_000) * 100) / 100,
    })),
    openOverdue,
    notices: {
      open: { blue, yellow, red, total: blue + yellow + red },
      closed,
      escalated,
      answeredLate: missedNotices.filter(({ history }) => answeredLate(history, unitId)).length,
    },
  };
}

/**
 * Whether the unit answered (整改反馈) a notice after the response deadline it was answering had
 * passed: the notice's workflow recorded the miss (a 整改反馈 escalation) and no return or
 * extension set a new deadline between the miss and the answer.
 */
export function answeredLate(history: readonly NoticeHistoryEntry[], unitId: string): boolean {
  let missed = false;
  for (const entry of history) {
    switch (entry.type) {
      case 'NoticeEscalated':
        if (entry.detail.deadline === 'respond') missed = true;
        break;
      case 'NoticeReturned':
      case 'NoticeDeadlineExtended':
        missed = false;
        break;
      case 'NoticeResponded':
        if (missed && entry.detail.unitId === unitId) return true;
        break;
    }
  }
  return false;
}

/** The stays at each stage a report's timeline records, from entering a stage to leaving it. */
export function stageVisits(chain: ApprovalChain, history: readonly ReportHistoryEntry[]): StageVisit[] {
  const visits: StageVisit[] = [];
  let current: { stage: string; since: string } | undefined;
  const move = (at: string, next: string | undefined) => {
    if (current) visits.push({ stage: current.stage, enteredAt: current.since, leftAt: at });
    current = next ? { stage: next, since: at } : undefined;
  };
  for (const entry of history) {
    switch (entry.type) {
      case 'ReportSubmitted':
      case 'ReportResubmitted':
        move(entry.at, entry.stage);
        break;
      case 'ReportCountersigned':
      case 'ReportApproved':
        move(entry.at, entry.stage ? stageAfter(chain, entry.stage)?.id : undefined);
        break;
      case 'ReportReturned':
        move(entry.at, entry.toStage);
        break;
      case 'ReportRejected':
        move(entry.at, 'returned');
        break;
      case 'ReportSignedOff':
      case 'ReportWithdrawn':
        move(entry.at, undefined);
        break;
    }
  }
  return visits;
}
