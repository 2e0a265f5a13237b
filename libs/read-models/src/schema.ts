import type { Migration } from '@ledger/postgres';

/**
 * Every read-model table, in the order they are created. They are disposable: each is rebuilt from
 * the events by replay, and a blue-green rebuild creates them afresh in a shadow schema.
 */
export const READ_MODEL_TABLES = [
  'rm_units',
  'rm_plans',
  'rm_tasks',
  'rm_indicators',
  'rm_task_progress',
  'rm_reports',
  'rm_actions',
  'rm_target_records',
  'rm_notices',
  'rm_urges',
  'rm_extensions',
  'rm_instructions',
  'rm_bulletins',
  'rm_notifications',
  'rm_notification_memos',
  'rm_notification_reads',
  'rm_board_reports',
  'rm_task_periods',
  'rm_scorecard_reports',
  'rm_unit_scorecards',
  'rm_task_streams',
  'rm_task_events',
  'rm_task_folds',
  'rm_task_snapshots',
] as const;
export type ReadModelTable = (typeof READ_MODEL_TABLES)[number];

/**
 * The read-model DDL for one schema. The live tables (in `public`) and every shadow built by a
 * rebuild come from this one function, so a rebuild can only differ from the live tables in its rows.
 * Nothing here has a default taken from the clock: a replay must produce the same rows. A rebuild
 * creates the indexes with the tables too: PostgreSQL keeps them up to date on its own core while
 * Node folds the events, which costs the rebuild less than building them afterwards while Node waits.
 */
export function readModelDdl(schema: string): string {
  const s = quoteIdent(schema);
  return `
    create table ${s}.rm_units (id text primary key, code text not null unique, name text not null, aliases jsonb not null);
    create table ${s}.rm_plans (id text primary key, title text not null, city text not null, year integer not null,
      version integer not null, content_hash text not null, deadline_day integer not null);
    create table ${s}.rm_tasks (id text primary key, plan_id text not null, code text not null, title text not null,
      section text not null, category text not null, lead_units jsonb not null, sort integer not null, unique (plan_id, code));
    create table ${s}.rm_indicators (task_id text not null, indicator_id text not null, name text not null, kind text not null,
      target double precision, unit text, comparator text not null, owner_unit text, source text not null, sort integer not null,
      primary key (task_id, indicator_id));
    create table ${s}.rm_task_progress (task_id text not null, indicator_id text not null, value double precision not null,
      percent double precision not null, report_id uuid not null, period text not null, signed_off_at timestamptz not null,
      primary key (task_id, indicator_id));
    create table ${s}.rm_reports (id uuid primary key, plan_id text not null, task_id text not null, period text not null,
      unit_id text not null, status text not null, stage text, revision integer not null, values jsonb not null,
      narrative text not null, history jsonb not null, submitted_by text not null, updated_at timestamptz not null,
      chain jsonb not null, countersign_unit text, revisions jsonb not null, stage_entered_at timestamptz,
      stage_due_at timestamptz, overdue boolean not null, escalated boolean not null, opened boolean not null,
      assignee text, delegations jsonb not null, open_urges jsonb not null);
    create table ${s}.rm_actions (position bigint primary key, report_id uuid not null, type text not null, actor_id text not null,
      role text not null, on_behalf_of text, stage text, comment text, at timestamptz not null);
    create table ${s}.rm_target_records (position bigint primary key, task_id text not null, type text not null, period text,
      at timestamptz not null, data jsonb not null);
    create table ${s}.rm_notices (id text primary key, plan_id text not null, task_id text not null, unit_ids jsonb not null,
      level text not null, cause text not null, status text not null, issued_at timestamptz not null, due_at timestamptz not null,
      cause_cleared boolean not null, closed_at timestamptz, state jsonb not null, history jsonb not null, last_position bigint not null);
    create table ${s}.rm_urges (id text primary key, task_id text not null, period text not null, unit_ids jsonb not null,
      status text not null, urged_at timestamptz not null, state jsonb not null, history jsonb not null, last_position bigint not null);
    create table ${s}.rm_extensions (id text primary key, task_id text not null, unit_id text not null, status text not null,
      period text, notice_id text, requested_at timestamptz not null, state jsonb not null, history jsonb not null,
      last_position bigint not null);
    create table ${s}.rm_instructions (id text primary key, task_id text not null, notice_id text, unit_ids jsonb not null,
      status text not null, recorded_at timestamptz not null, state jsonb not null, history jsonb not null, last_position bigint not null);
    create table ${s}.rm_bulletins (id text primary key, plan_id text not null, period text not null, status text not null,
      published_version integer, published_at timestamptz, state jsonb not null, history jsonb not null, last_position bigint not null);
    create table ${s}.rm_notifications (id text primary key, position bigint not null, at timestamptz not null, kind text not null,
      document_kind text not null, document_id text not null, task_id text not null, audience_role text, audience_unit text,
      audience_account text, facts jsonb not null);
    create table ${s}.rm_notification_memos (key text primary key, memo jsonb not null);
    create table ${s}.rm_notification_reads (account_id text not null, notification_id text not null, read_at timestamptz not null,
      primary key (account_id, notification_id));
    create table ${s}.rm_board_reports (report_id uuid primary key, task_id text not null, period text not null, status text not null,
      submitted_at timestamptz not null, updated_at timestamptz not null, signed_values jsonb);
    create table ${s}.rm_task_periods (task_id text not null, period text not null, first_submitted_at timestamptz,
      last_report_id uuid not null, last_report_status text not null, last_report_at timestamptz not null, signed_values jsonb,
      primary key (task_id, period));
    create table ${s}.rm_scorecard_reports (report_id uuid primary key, unit_id text not null, on_time boolean not null,
      withdrawn boolean not null, returned boolean not null, stage text, since timestamptz not null);
    create table ${s}.rm_unit_scorecards (unit_id text primary key, submitted integer not null, on_time integer not null,
      returned integer not null, stage_visits jsonb not null);
    create table ${s}.rm_task_streams (stream_id text primary key, task_id text not null, period text);
    create table ${s}.rm_task_events (position bigint primary key, task_id text not null, stream_id text not null,
      type text not null, period text);
    create table ${s}.rm_task_folds (task_id text primary key, position bigint not null, events integer not null, state jsonb not null);
    create table ${s}.rm_task_snapshots (task_id text not null, position bigint not null, events integer not null,
      state jsonb not null, primary key (task_id, position));
    create index rm_task_events_task on ${s}.rm_task_events (task_id, position);
    create index rm_board_reports_period on ${s}.rm_board_reports (task_id, period);
    create index rm_reports_task on ${s}.rm_reports (task_id, period);
    create index rm_reports_waiting on ${s}.rm_reports (status, stage);
    create index rm_reports_open on ${s}.rm_reports ((coalesce(stage_entered_at, updated_at)), id) where status in ('in_review', 'returned');
    create index rm_reports_unit on ${s}.rm_reports (unit_id);
    create index rm_actions_actor on ${s}.rm_actions (actor_id, position desc);
    create index rm_target_records_task on ${s}.rm_target_records (task_id, position);
    create index rm_notices_board on ${s}.rm_notices (status, level, issued_at desc);
    create index rm_notices_task on ${s}.rm_notices (task_id);
    create index rm_urges_period on ${s}.rm_urges (period, task_id);
    create index rm_extensions_task on ${s}.rm_extensions (task_id, requested_at desc);
    create index rm_instructions_task on ${s}.rm_instructions (task_id, recorded_at desc);
    create index rm_bulletins_plan on ${s}.rm_bulletins (plan_id, period desc);
    create index rm_notifications_role on ${s}.rm_notifications (audience_role, audience_unit, position desc);
    create index rm_notifications_account on ${s}.rm_notifications (audience_account, position desc);
    create index rm_notifications_position on ${s}.rm_notifications (position);
    ${noticeCountIndexes(s)}
  `;
}

/**
 * What the dashboard and the scorecard count notices with: the open ones of a plan by task and
 * level (a partial index, the size of what is open rather than of the year), and a unit's (the
 * GIN index answers `unit_ids ? unit`).
 */
function noticeCountIndexes(s: string): string {
  return `
    create index if not exists rm_notices_open on ${s}.rm_notices (plan_id, task_id, level) where status <> 'closed';
    create index if not exists rm_notices_units on ${s}.rm_notices using gin (unit_ids);
  `;
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}

/**
 * Versions 1 and 2 are kept as they were applied. From version 3 on, a change to the read models
 * is a migration that drops them, creates them from `readModelDdl` and resets the checkpoints: the
 * projector then replays the log into them. (Read models hold nothing the events do not.) An
 * index changes no row, so a migration that only adds indexes creates them from the same text
 * `readModelDdl` uses, without a replay.
 */
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
  {
    version: 3,
    name: 'read models from one DDL (plan calendar, actions, target records); replay from 0',
    sql: `
      drop table if exists ${READ_MODEL_TABLES.join(', ')} cascade;
      ${readModelDdl('public')}
      delete from projection_checkpoints;
    `,
  },
  {
    version: 4,
    name: 'the 督办 board (rm_notices); replay from 0',
    sql: `
      drop table if exists ${READ_MODEL_TABLES.join(', ')} cascade;
      ${readModelDdl('public')}
      delete from projection_checkpoints;
    `,
  },
  {
    version: 5,
    name: '催报 (rm_urges); replay from 0',
    sql: `
      drop table if exists ${READ_MODEL_TABLES.join(', ')} cascade;
      ${readModelDdl('public')}
      delete from projection_checkpoints;
    `,
  },
  {
    version: 6,
    name: '延期申请 (rm_extensions); replay from 0',
    sql: `
      drop table if exists ${READ_MODEL_TABLES.join(', ')} cascade;
      ${readModelDdl('public')}
      delete from projection_checkpoints;
    `,
  },
  {
    version: 7,
    name: '领导批示 (rm_instructions); replay from 0',
    sql: `
      drop table if exists ${READ_MODEL_TABLES.join(', ')} cascade;
      ${readModelDdl('public')}
      delete from projection_checkpoints;
    `,
  },
  {
    version: 8,
    name: 'notice counts for the dashboard and the scorecard: indexes on rm_notices',
    sql: noticeCountIndexes(quoteIdent('public')),
  },
  {
    version: 9,
    name: 'the notification centre (rm_notifications, memos, reads); replay from 0',
    sql: `
      drop table if exists ${READ_MODEL_TABLES.join(', ')} cascade;
      ${readModelDdl('public')}
      delete from projection_checkpoints;
    `,
  },
  {
    version: 10,
    name: '督查通报 (rm_bulletins); replay from 0',
    sql: `
      drop table if exists ${READ_MODEL_TABLES.join(', ')} cascade;
      ${readModelDdl('public')}
      delete from projection_checkpoints;
    `,
  },
  {
    version: 11,
    name: 'stopped projections: the event each one could not apply',
    // Projector bookkeeping, not a read model: a rebuild does not touch it. One row per projection
    // that met an event it cannot apply; the projector leaves it out until the row is deleted.
    sql: `
      create table projection_failures (projector text not null, projection text not null, position bigint not null,
        event_id uuid not null, event_type text not null, error text not null, failed_at timestamptz not null default now(),
        primary key (projector, projection));
    `,
  },
  {
    version: 12,
    name: 'the dashboard and the scorecard as read models (task board, unit scorecards), the open reports of the inbox; replay from 0',
    sql: `
      drop table if exists ${READ_MODEL_TABLES.join(', ')} cascade;
      ${readModelDdl('public')}
      delete from projection_checkpoints;
    `,
  },
  {
    version: 13,
    name: 'a task history that does not grow with the log (rm_task_events, rm_task_snapshots, rm_task_folds, rm_task_streams); replay from 0',
    sql: `
      drop table if exists ${READ_MODEL_TABLES.join(', ')} cascade;
      ${readModelDdl('public')}
      delete from projection_checkpoints;
    `,
  },
];
