import { randomUUID } from 'node:crypto';
import { TaskRow } from '@ledger/read-models';
import type { Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import type { LedgerRuntime } from '../runtime';

/** What was read: recorded for every history read and every export, whoever reads. */
export interface AuditRecordRead {
  what: 'target-history' | 'target-history-export' | 'monthly-export';
  taskId?: string;
  asOf?: string;
  period?: string;
  format?: 'json' | 'xlsx';
  at: string;
}

/** The month's access log: `audit-access-2026-11`. */
export function accessStreamId(at: string): string {
  return `audit-access-${at.slice(0, 7)}`;
}

/**
 * Appends the read to the event store, so the record of who read what is append-only and
 * hash-chained like everything else. The read is refused if it cannot be recorded.
 */
export async function recordAccess(runtime: LedgerRuntime, principal: Principal, read: Omit<AuditRecordRead, 'at'>): Promise<void> {
  const at = new Date().toISOString();
  const correlationId = randomUUID();
  await runtime.store.append(accessStreamId(at), 'any', [
    {
      eventId: correlationId,
      type: 'AuditRecordRead',
      data: { ...read, at } satisfies AuditRecordRead,
      metadata: {
        actorId: principal.accountId,
        role: principal.role,
        unitId: principal.unitId,
        correlationId,
        causationId: null,
        workflowId: null,
        schemaVersion: 1,
      },
    },
  ]);
}

/** The task, if the principal may see it: a submitter sees only the tasks its unit leads (others: 404, as if absent). */
export async function visibleTask(runtime: LedgerRuntime, principal: Principal, taskId: string): Promise<TaskRow> {
  const task = await runtime.dataSource.getRepository(TaskRow).findOneBy({ id: taskId });
  // Made only when refused: an exception records its stack when it is made, thrown or not.
  const notFound = () => new Problem(404, 'Not Found / 未找到', `no task ${taskId} / 任务不存在`);
  if (!task) throw notFound();
  if (principal.role === 'submitter' && (!principal.unitId || !task.leadUnits.includes(principal.unitId))) throw notFound();
  return task;
}

/** An optional ISO 8601 moment from the query string; anything else is a 400 naming the parameter. */
export function parseMoment(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const text = typeof value === 'string' ? value : '';
  const ms = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) {
    throw new Problem(400, 'Bad Request / 请求有误', `${field} must be an ISO 8601 date-time / ${field} 应为 ISO 8601 时间`, [
      { field, message: 'must be an ISO 8601 date-time, e.g. 2025-07-01T00:00:00Z' },
    ]);
  }
  return new Date(ms).toISOString();
}

/** A month written YYYY-MM; anything else is a 400 naming the parameter. */
export function parsePeriod(value: unknown, field = 'period'): string {
  if (typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return value;
  throw new Problem(400, 'Bad Request / 请求有误', `${field} must be a month written YYYY-MM / 期间格式应为 YYYY-MM`, [
    { field, message: 'must be a month written YYYY-MM' },
  ]);
}
