import type { Migration } from '@ledger/postgres';

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events table, append-only',
    sql: `
      create table events (
        position bigint primary key,
        stream_id text not null,
        version integer not null,
        event_id uuid not null unique,
        type text not null,
        data jsonb not null,
        metadata jsonb not null,
        recorded_at timestamptz not null,
        prev_hash char(64) not null,
        hash char(64) not null,
        unique (stream_id, version)
      );
      create index events_recorded_at on events (recorded_at);

      -- The log is append-only: no role, not even the owner, may rewrite it.
      create function events_are_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'events are append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$;
      create trigger events_no_update before update or delete on events
        for each row execute function events_are_append_only();
      create trigger events_no_truncate before truncate on events
        for each statement execute function events_are_append_only();
    `,
  },
];
