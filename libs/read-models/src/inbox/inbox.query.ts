import type { DataSource, EntityManager } from 'typeorm';
import { findStage, type ApprovalChain } from '@ledger/domain';
import type { OpenUrgeView } from '../reports/entities';

export interface InboxViewer {
  accountId: string;
  role: string;
  unitId: string | null;
}

export interface InboxItem {
  reportId: string;
  taskId: string;
  taskCode: string;
  taskTitle: string;
  period: string;
  unitId: string;
  /** The stage it waits at ('returned': back with the unit for revision). */
  stage: string;
  since: string;
  slaDue: string | null;
  overdue: boolean;
  urged: boolean;
}

export interface InboxDone extends InboxItem {
  /** The event type of what the viewer did. */
  action: string;
  at: string;
}

export interface Inbox {
  waiting: InboxItem[];
  done: InboxDone[];
}

interface WaitingRecord {
  id: string;
  task_id: string;
  code: string;
  title: string;
  period: string;
  unit_id: string;
  status: string;
  stage: string | null;
  chain: ApprovalChain;
  countersign_unit: string | null;
  updated_at: Date;
  stage_entered_at: Date | null;
  stage_due_at: Date | null;
  overdue: boolean;
  assignee: string | null;
  delegations: Record<string, string>;
  open_urges: OpenUrgeView[];
}

const DONE_LIMIT = 200;

/**
 * What waits for the viewer and what the viewer has done. A reviewer waits on reports at a stage of
 * its role, unless the stage was transferred to someone else (then the assignee, and whoever acts
 * for them by delegation); a delegate also sees what waits for the person it acts for. A unit waits
 * on countersigning for the co-led tasks of others, and on its own returned reports.
 */
export async function loadInbox(db: DataSource | EntityManager, viewer: InboxViewer, now: string): Promise<Inbox> {
  const [waitingRows, doneRows] = (await Promise.all([
    db.query(
      `select r.id, r.task_id, t.code, t.title, r.period, r.unit_id, r.status, r.stage, r.chain, r.countersign_unit, r.updated_at,
              r.stage_entered_at, r.stage_due_at, r.overdue, r.assignee, r.delegations, r.open_urges
         from rm_reports r join rm_tasks t on t.id = r.task_id
        where r.status = 'in_review' or (r.status = 'returned' and r.unit_id = $1)
        order by coalesce(r.stage_entered_at, r.updated_at), r.id`,
      [viewer.unitId ?? ''],
    ),
    db.query(
      `select a.report_id, a.type, a.stage as acted_stage, a.at, r.id, r.task_id, t.code, t.title, r.period, r.unit_id, r.status, r.stage, r.chain,
              r.countersign_unit, r.updated_at, r.stage_entered_at, r.stage_due_at, r.overdue, r.assignee, r.delegations, r.open_urges
         from rm_actions a join rm_reports r on r.id = a.report_id join rm_tasks t on t.id = r.task_id
        where a.actor_id = $1 order by a.position desc limit ${DONE_LIMIT}`,
      [viewer.accountId],
    ),
  ])) as [WaitingRecord[], Array<WaitingRecord & { report_id: string; type: string; acted_stage: string | null; at: Date }>];
  const nowMs = Date.parse(now);
  return {
    waiting: waitingRows.filter((row) => waitsFor(row, viewer)).map((row) => item(row, nowMs)),
    done: doneRows.map((row) => ({
      ...item(row, nowMs),
      stage: row.acted_stage ?? item(row, nowMs).stage,
      action: row.type,
      at: row.at.toISOString(),
    })),
  };
}

function waitsFor(row: WaitingRecord, viewer: InboxViewer): boolean {
  if (row.status === 'returned') return viewer.role === 'submitter' && row.unit_id === viewer.unitId;
  const stage = row.stage ? findStage(row.chain, row.stage) : undefined;
  if (!stage) return false;
  if (stage.countersign) return viewer.role === 'submitter' && row.countersign_unit === viewer.unitId;
  const actsFor = row.delegations[viewer.accountId];
  if (row.assignee) return row.assignee === viewer.accountId || actsFor === row.assignee;
  return stage.role === viewer.role || actsFor !== undefined;
}

function item(row: WaitingRecord, nowMs: number): InboxItem {
  const slaDue = row.status === 'in_review' && row.stage_due_at ? row.stage_due_at.toISOString() : null;
  return {
    reportId: row.id,
    taskId: row.task_id,
    taskCode: row.code,
    taskTitle: row.title,
    period: row.period,
    unitId: row.unit_id,
    stage: row.status === 'in_review' ? (row.stage ?? '') : row.status === 'returned' ? 'returned' : row.status,
    since: (row.status === 'in_review' && row.stage_entered_at ? row.stage_entered_at : row.updated_at).toISOString(),
    slaDue,
    overdue: row.status === 'in_review' && (row.overdue || (slaDue !== null && Date.parse(slaDue) < nowMs)),
    urged: row.status === 'in_review' && row.open_urges.length > 0,
  };
}
