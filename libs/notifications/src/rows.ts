import type { NotificationKind } from '@ledger/domain';
import { renderNotification, type RenderedNotification } from './render';

/**
 * A notification with the names its words need (task, stage, unit), as the centre and the
 * channels read it. Join with `n` as rm_notifications.
 */
export const NOTIFICATION_COLUMNS = `n.id, n.kind, n.at, n.position, n.document_kind, n.document_id, n.task_id, n.facts,
  t.code as task_code, t.title as task_title, rep.chain, u.name as unit_name`;
export const NOTIFICATION_JOINS = `left join rm_tasks t on t.id = n.task_id
  left join rm_reports rep on n.document_kind = 'report' and rep.id::text = n.document_id
  left join rm_units u on u.id = n.facts ->> 'unitId'`;

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  at: Date;
  position: string;
  document_kind: string;
  document_id: string;
  task_id: string;
  facts: Record<string, string | number | boolean>;
  task_code: string | null;
  task_title: string | null;
  chain: { stages: Array<{ id: string; name: string }> } | null;
  unit_name: string | null;
}

/** The words of a row, in Chinese, rendered now from its codes and the names beside it. */
export function wordsOf(row: NotificationRow): RenderedNotification {
  const stage = row.chain?.stages.find((s) => s.id === row.facts['stage'])?.name;
  return renderNotification(
    { kind: row.kind, facts: row.facts },
    {
      task: row.task_code ? `${row.task_code} ${row.task_title}` : '任务',
      ...(stage ? { stage } : {}),
      ...(row.unit_name ? { unit: row.unit_name } : {}),
    },
  );
}
