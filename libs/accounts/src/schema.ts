import type { Migration } from '@ledger/postgres';

/** Security events are kept at least this long (about six months); only older rows may be purged. */
export const SECURITY_EVENT_RETENTION_DAYS = 184;

export const ACCOUNT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts',
    sql: `
      create table accounts (
        id uuid primary key,
        username text not null unique,
        password_hash text not null,
        role text not null check (role in ('submitter', 'coordinator', 'office', 'auditor', 'admin')),
        unit_id text,
        display_name text not null,
        phone text,
        demo boolean not null default false,
        created_at timestamptz not null default now(),
        check ((role = 'submitter') = (unit_id is not null))
      );
    `,
  },
  {
    version: 2,
    name: 'sign-in state: disabling, second factor, refresh tokens, lockout, revoked access tokens',
    sql: `
      alter table accounts
        add column disabled boolean not null default false,
        add column totp_secret text,
        add column totp_pending_secret text,
        add column totp_last_step bigint,
        add column updated_at timestamptz not null default now();

      -- Opaque refresh tokens, stored as sha256; a family is one sign-in and every rotation of it.
      create table refresh_tokens (
        token_hash char(64) primary key,
        family uuid not null,
        account_id uuid not null references accounts (id) on delete cascade,
        expires_at timestamptz not null,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now()
      );
      create index refresh_tokens_family on refresh_tokens (family);
      create index refresh_tokens_account on refresh_tokens (account_id);

      -- Access tokens signed out before they expire; a row is useless after expires_at.
      create table revoked_access_tokens (
        jti text primary key,
        expires_at timestamptz not null
      );

      -- Failed sign-ins per account and per client address ('account:<name>' / 'ip:<addr>').
      create table sign_in_failures (
        key text primary key,
        failures integer not null,
        last_failure_at timestamptz not null,
        locked_until timestamptz
      );
    `,
  },
  {
    version: 3,
    name: 'security events: append-only, kept ${SECURITY_EVENT_RETENTION_DAYS} days',
    // Rows name accounts by id (and a sign-in attempt by the username typed), never a person's
    // name or phone. Nobody may change a row; only rows past the retention period may be
    // deleted, and the purge function is the way to do it.
    sql: `
      create table security_events (
        id bigserial primary key,
        at timestamptz not null default now(),
        kind text not null,
        actor_id text,
        username text,
        ip text,
        method text,
        path text,
        status integer,
        detail jsonb not null default '{}'::jsonb
      );
      create index security_events_at on security_events (at);
      create index security_events_actor on security_events (actor_id, at);

      create function security_events_guard() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and old.at < now() - interval '${SECURITY_EVENT_RETENTION_DAYS} days' then
          return old;
        end if;
        raise exception 'security events are append-only (rows younger than ${SECURITY_EVENT_RETENTION_DAYS} days are kept): % refused', tg_op
          using errcode = 'insufficient_privilege';
      end $$;
      create trigger security_events_no_update before update or delete on security_events
        for each row execute function security_events_guard();
      create trigger security_events_no_truncate before truncate on security_events
        for each statement execute function security_events_guard();

      create function purge_security_events() returns bigint language sql security definer
        set search_path = pg_catalog, pg_temp as $$
        with gone as (
          delete from public.security_events where at < now() - interval '${SECURITY_EVENT_RETENTION_DAYS} days' returning 1
        )
        select count(*) from gone
      $$;
      revoke update, delete, truncate on security_events from public;
    `,
  },
];
