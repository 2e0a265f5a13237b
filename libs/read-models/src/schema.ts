import type { Migration } from '@ledger/postgres';

/** Read models are disposable: every table here is rebuilt from the events by replay. */
export const READ_MODEL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'catalog, reports, progress, projector bookkeeping',
    sql: `
      create table rm_units (id text primary key, code text not null unique, name text not null, aliases jsonb not null);
      create table rm_plans (id text primary key, title text not null, city text not null, year integer not null,
        version integer not null, content_hash text not null);
      create table rm_tasks (id text primary key, plan_id text not null, code text not null, title text not null,
        section text not null, category text not null, lead_units jsonb not null, sort integer not null, unique (plan_id, code));
      create table rm_indicators (task_id text not null, indicator_id text not null, name text not null, kind text not null,
        target double precision, unit text, comparator text not null, owner_unit text, source text not null, sort integer not null,
        primary key (task_id, indicator_id));
      create table rm_task_progress (task_id text not null, indicator_id text not null, value double precision not null,
        percent double precision not null, report_id uuid not null, period text not null, signed_off_at timestamptz not null,
        primary key (task_id, indicator_id));
      create table rm_reports (id uuid primary key, plan_id text not null, task_id text not null, period text not null,
        unit_id text not null, status text not null, stage text, revision integer not null, values jsonb not null,
        narrative text not null, history jsonb not null, submitted_by text not null, updated_at timestamptz not null);
      create index rm_reports_task on rm_reports (task_id, period);
      create table projection_checkpoints (name text primary key, position bigint not null, updated_at timestamptz not null default now());
      create table projector_heartbeats (name text primary key, beat_at timestamptz not null);
    `,
  },
  {
    version: 2,
    name: 'report view: revisions, stage timing, urges, hand-overs',
    sql: `
      alter table rm_reports
        add column chain jsonb not null default '{"stages":[]}',
        add column countersign_unit text,
        add column revisions jsonb not null default '[]',
        add column stage_entered_at timestamptz,
        add column stage_due_at timestamptz,
        add column overdue boolean not null default false,
        add column escalated boolean not null default false,
        add column opened boolean not null default false,
        add column assignee text,
        add column delegations jsonb not null default '{}',
        add column open_urges jsonb not null default '[]';
      create index rm_reports_waiting on rm_reports (status, stage);
    `,
  },
];
