import {
  evolve,
  initialReportState,
  reportStreamId,
  summarize,
  type ReportEvent,
  type ReportState,
  type ReportSummary,
} from '@ledger/domain';
import { nameBasedEventId } from '@ledger/event-store';
import type { Migration } from '@ledger/postgres';
import { Problem } from '../http/problem';
import type { LedgerRuntime } from '../runtime';

export const REPORT_SLOT_MIGRATIONS: readonly Migration[] = [
  {
    version: 3,
    name: 'report id namespace',
    // Report ids are named after their slot inside this namespace, one per database: two
    // ledgers sharing a Temporal server (test suites, a staging copy) never share a report id.
    sql: `
      create table report_id_namespace (
        singleton boolean primary key default true check (singleton),
        namespace uuid not null
      );
      insert into report_id_namespace (namespace) values (gen_random_uuid());
    `,
  },
];

/** A unit's one report per task and period: the slot it fills. */
export interface ReportSlot {
  taskId: string;
  period: string;
  unitId: string;
}

/**
 * The id of a slot's report. A slot holds one report at a time; a withdrawn one leaves room for
 * the next generation. Named ids make the slot unique where it cannot race: every submission for
 * the slot reaches the same workflow (`report-<id>`), whose rules take the first and refuse the rest.
 * Reports filed before slots existed keep their random ids.
 */
export function slotReportId(namespace: string, slot: ReportSlot, generation: number): string {
  return nameBasedEventId(`report-slot/${namespace}/${slot.taskId}/${slot.period}/${slot.unitId}/${generation}`);
}

const namespaces = new WeakMap<LedgerRuntime, Promise<string>>();

export function reportIdNamespace(runtime: LedgerRuntime): Promise<string> {
  let namespace = namespaces.get(runtime);
  if (!namespace) {
    namespace = runtime.pool
      .query<{ namespace: string }>('select namespace from report_id_namespace')
      .then((result) => result.rows[0]!.namespace);
    namespace.catch(() => namespaces.delete(runtime));
    namespaces.set(runtime, namespace);
  }
  return namespace;
}

/** What a slot's report of one generation says about a new submission with `correlationId`. */
export type Filed =
  | { kind: 'free' }
  /** This request filed it before (an attempt whose answer was lost): its answer then. */
  | { kind: 'ours'; summary: ReportSummary }
  | { kind: 'withdrawn' }
  | { kind: 'taken'; reportId: string };

/** Reads the report's own stream: the record, unlike the read model, is never behind. */
export async function filedReport(runtime: LedgerRuntime, reportId: string, correlationId: string): Promise<Filed> {
  const events = await runtime.store.readStream<ReportEvent>(reportStreamId(reportId));
  if (events.length === 0) return { kind: 'free' };
  let state: ReportState = initialReportState;
  let ours: ReportSummary | undefined;
  for (const event of events) {
    state = evolve(state, event);
    if (event.metadata.correlationId === correlationId) ours = summarize(state);
  }
  if (ours) return { kind: 'ours', summary: ours };
  return state.status === 'withdrawn' ? { kind: 'withdrawn' } : { kind: 'taken', reportId };
}

/**
 * A report of the slot filed before report ids were named after slots, still open or signed off
 * (the read model knows them; there are no new ones to race with).
 */
export async function legacyReport(runtime: LedgerRuntime, slot: ReportSlot, namedIds: string[]): Promise<string | undefined> {
  const found = await runtime.pool.query<{ id: string }>(
    `select id from rm_reports
      where task_id = $1 and period = $2 and unit_id = $3 and status <> 'withdrawn' and id <> all($4::uuid[])
      limit 1`,
    [slot.taskId, slot.period, slot.unitId, namedIds],
  );
  return found.rows[0]?.id;
}

export function slotTaken(reportId: string): Problem {
  return new Problem(
    409,
    'Conflict / 状态冲突',
    `your unit already has report ${reportId} for this task and period; correct it by resubmitting it, or withdraw it first / ` +
      `本单位该任务本期已有报告 ${reportId}，如需更正请在退回后重新提交，或先撤回`,
    [{ field: 'period', message: `report ${reportId} exists for this period / 本期已有报告` }],
    { Location: `/api/reports/${reportId}` },
  );
}
