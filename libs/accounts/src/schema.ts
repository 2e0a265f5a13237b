import type { Migration } from '@ledger/postgres';

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
];
