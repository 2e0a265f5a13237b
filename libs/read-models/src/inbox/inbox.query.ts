import type { DataSource, EntityManager } from 'typeorm';
import type { OpenUrgeView, ReportRow } from '../reports/entities';

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

/** What the inbox shows of what the viewer did: the latest actions (the screen lists these, newest first). */
export const DONE_LIMIT = 50;

/**
 * The SQL condition (over `rm_reports r`) for "waits for the viewer": a reviewer waits on reports
 * at a stage of its role, unless the stage was transferred to someone else (then the assignee,
 * and whoever acts for them by delegation); a delegate also sees what waits for the person it acts
 * for. A unit waits on countersigning for the co-led tasks of others, and on its own returned
 * reports. Only open reports (in review or returned) qualify: the partial index rm_reports_open
 * keeps the read the size of the open work, not of the year's reports.
 */
export function waitingCondition(viewer: InboxViewer): { sql: string; params: Record<string, string> } {
  return {
    sql: `((r.status = 'returned' and cast(:inboxRole as text) = 'submitter' and r.unit_id = :inboxUnit)
       or (r.status = 'in_review' and exists (
            select 1 from jsonb_array_elements(r.chain->'stages') as s where s->>'id' = r.stage and (
              case when coalesce((s->>'countersign')::boolean, false)
                     then cast(:inboxRole as text) = 'submitter' and r.countersign_unit = :inboxUnit
                   when r.assignee is not null
                     then r.assignee = :inboxAccount or r.delegations->>cast(:inboxAccount as text) = r.assignee
                   else s->>'role' = :inboxRole or r.delegations ? :inboxAccount
              end))))`,
    params: { inboxRole: viewer.role, inboxUnit: viewer.unitId ?? '', inboxAccount: viewer.accountId },
  };
}

/** The order the waiting list is paged in: the longest waiting first. */
export const WAITING_ORDER_SQL = 'coalesce(r.stage_entered_at, r.updated_at)';

/** One waiting report as the inbox shows it. */
export function inboxItem(
  row: Pick<
    ReportRow,
    'id' | 'taskId' | 'period' | 'unitId' | 'status' | 'stage' | 'updatedAt' | 'stageEnteredAt' | 'stageDueAt' | 'overdue' | 'openUrges'
  >,
  task: { code: string; title: string } | undefined,
  now: string,
): InboxItem {
  return item(
    {
      id: row.id,
      task_id: row.taskId,
      code: task?.code ?? '',
      title: task?.title ?? '',
      period: row.period,
      unit_id: row.unitId,
      status: row.status,
      stage: row.stage,
      updated_at: row.updatedAt,
      stage_entered_at: row.stageEnteredAt,
      stage_due_at: row.stageDueAt,
      overdue: row.overdue,
      open_urges: row.openUrges,
    },
    Date.parse(now),
  );
}

/** The latest actions of the viewer, newest first (at most DONE_LIMIT), with where each report stands now. */
export async function loadInboxDone(db: DataSource | EntityManager, viewer: InboxViewer, now: string): Promise<InboxDone[]> {
  const rows: Array<ItemRecord & { type: string; acted_stage: string | null; at: Date }> = await db.query(
    `select a.type, a.stage as acted_stage, a.at, r.id, r.task_id, t.code, t.title, r.period, r.unit_id, r.status, r.stage,
            r.updated_at, r.stage_entered_at, r.stage_due_at, r.overdue, r.open_urges
       from rm_actions a join rm_reports r on r.id = a.report_id join rm_tasks t on t.id = r.task_id
      where a.actor_id = $1 order by a.position desc limit ${DONE_LIMIT}`,
    [viewer.accountId],
  );
  const nowMs = Date.parse(now);
  return rows.map((row) => {
    const shown = item(row, nowMs);
    return { ...shown, stage: row.acted_stage ?? shown.stage, action: row.type, at: row.at.toISOString() };
  });
}

/** Both lists in one read (used where paging does not matter: a bulletin's figures, tests). */
export async function loadInbox(db: DataSource | EntityManager, viewer: InboxViewer, now: string): Promise<Inbox> {
  const { sql, params } = waitingCondition(viewer);
  const names = Object.keys(params);
  const positional = names.reduce((text, name, index) => text.split(`:${name}`).join(`$${index + 1}`), sql);
  const [waiting, done] = await Promise.all([
    db.query(
      `select r.id, r.task_id, t.code, t.title, r.period, r.unit_id, r.status, r.stage, r.updated_at, r.stage_entered_at,
              r.stage_due_at, r.overdue, r.open_urges
         from rm_reports r join rm_tasks t on t.id = r.task_id
        where ${positional} order by ${WAITING_ORDER_SQL}, r.id`,
      names.map((name) => params[name]),
    ) as Promise<ItemRecord[]>,
    loadInboxDone(db, viewer, now),
  ]);
  const nowMs = Date.parse(now);
  return { waiting: waiting.map((row) => item(row, nowMs)), done };
}

interface ItemRecord {
  id: string;
  task_id: string;
  code: string;
  title: string;
  period: string;
  unit_id: string;
  status: string;
  stage: string | null;
  updated_at: Date;
  stage_entered_at: Date | null;
  stage_due_at: Date | null;
  overdue: boolean;
  open_urges: OpenUrgeView[];
}

function item(row: ItemRecord, nowMs: number): InboxItem {
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
