import type { Migration } from '@ledger/postgres';

/**
 * Channels and their outbox. Not read models: they are never rebuilt. A channel starts at the
 * notifications that come after it was added (`enqueued_through`), so a rebuild of
 * rm_notifications or a new channel never sends the past again.
 */
export const DELIVERY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'notification channels (webhook, 企业微信, 钉钉) and their outbox',
    sql: `
      create table notification_channels (
        id uuid primary key,
        name text not null,
        kind text not null check (kind in ('webhook', 'wecom', 'dingtalk')),
        url text not null,
        secret text,
        unit_id text,
        kinds jsonb,
        enabled boolean not null default true,
        enqueued_through bigint not null,
        created_by uuid,
        created_at timestamptz not null default now()
      );
      create table notification_outbox (
        notification_id text not null,
        channel_id uuid not null references notification_channels (id),
        position bigint not null,
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        delivered_at timestamptz,
        last_status integer,
        last_error text,
        primary key (notification_id, channel_id)
      );
      create index notification_outbox_due on notification_outbox (next_attempt_at) where delivered_at is null;
    `,
  },
];
