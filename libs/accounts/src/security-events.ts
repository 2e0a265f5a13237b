/** Anything that runs a parameterised statement: a pg Pool or client, or a TypeORM DataSource. */
export interface Sql {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

export type SecurityEventKind =
  | 'login_succeeded'
  | 'login_failed'
  | 'login_locked'
  | 'totp_failed'
  | 'totp_enrolled'
  | 'totp_reenrolment_started'
  | 'totp_replaced'
  | 'token_refreshed'
  | 'refresh_token_reused'
  | 'logout'
  | 'request_denied'
  | 'export'
  | 'account_created'
  | 'account_updated'
  | 'password_reset'
  | 'account_disabled'
  | 'account_unlocked'
  | 'channel_created'
  | 'channel_disabled';

export interface SecurityEvent {
  kind: SecurityEventKind;
  /** The account acting (an id, never a name). */
  actorId?: string | null;
  /** The username typed at a sign-in attempt, which may name no account. */
  username?: string | null;
  ip?: string | null;
  method?: string | null;
  path?: string | null;
  status?: number | null;
  /** Ids and codes only: no names, no phone numbers. */
  detail?: Record<string, unknown>;
}

/** Appends one security event (the table refuses updates and early deletes). */
export async function recordSecurityEvent(sql: Sql, event: SecurityEvent): Promise<void> {
  await sql.query(
    `insert into security_events (kind, actor_id, username, ip, method, path, status, detail) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      event.kind,
      event.actorId ?? null,
      event.username?.slice(0, 128) ?? null,
      event.ip ?? null,
      event.method ?? null,
      event.path?.slice(0, 512) ?? null,
      event.status ?? null,
      JSON.stringify(event.detail ?? {}),
    ],
  );
}

/** Deletes the security events older than the retention period; returns how many. */
export async function purgeSecurityEvents(sql: {
  query(text: string): Promise<{ rows: { purged: number }[] } | { purged: number }[]>;
}): Promise<number> {
  const result = await sql.query('select purge_security_events()::int as purged');
  const rows = Array.isArray(result) ? result : result.rows;
  return rows[0]?.purged ?? 0;
}
