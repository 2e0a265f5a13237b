import type { Migration } from '@ledger/postgres';

const APP_ROLE = 'ledger_app';

/**
 * Evidence files: the bytes (when PostgreSQL holds them) by sha256, each upload, and which
 * document streams reference it. The application role may add and remove, never rewrite: a
 * stored file is changed only by someone who bypasses it, and `audit verify` then names the file.
 */
export const ATTACHMENT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'attachment blobs, uploads and their references',
    sql: `
      create table attachment_blobs (sha256 char(64) primary key, size bigint not null, bytes bytea not null);
      -- Photos and PDFs are compressed already: stored as they are, read without decompressing.
      alter table attachment_blobs alter column bytes set storage external;
      create table attachments (
        id uuid primary key,
        sha256 char(64) not null,
        size bigint not null,
        name text not null,
        content_type text not null,
        uploaded_by text not null,
        unit_id text,
        uploaded_at timestamptz not null
      );
      create index attachments_sha256 on attachments (sha256);
      create index attachments_uploaded_at on attachments (uploaded_at);
      create table attachment_links (
        attachment_id uuid not null references attachments (id) on delete cascade,
        stream_id text not null,
        primary key (attachment_id, stream_id)
      );
      create index attachment_links_stream on attachment_links (stream_id);
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
          grant select, insert, delete on attachment_blobs, attachments, attachment_links to ${APP_ROLE};
        end if;
      end $$;
    `,
  },
];
