import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { ACCOUNT_MIGRATIONS, AccountRow, SecurityEventRow } from '@ledger/accounts';
import { ATTACHMENT_MIGRATIONS, Attachments, PostgresBlobStore, S3BlobStore } from '@ledger/attachments';
import { attachmentSettings, type AttachmentSettings } from '@ledger/config';
import { APP_ROLE, PostgresEventStore } from '@ledger/event-store';
import { createPool, migrate, type Migration } from '@ledger/postgres';
import { DELIVERY_MIGRATIONS } from '@ledger/notifications';
import { createReadModelDataSource, READ_MODEL_MIGRATIONS } from '@ledger/read-models';

/** Connections to the database every part shares. */
export interface Storage {
  pool: Pool;
  dataSource: DataSource;
  store: PostgresEventStore;
  /** 佐证材料: the catalogue in this database, the bytes here too unless S3 is configured. */
  attachments: Attachments;
  /** The URL the services connect with (the application's login role where there is an owner). */
  url: string;
  /** Applies a component's migrations as the schema owner (a service's own tables, e.g. the API's). */
  migrate(component: string, migrations: readonly Migration[]): Promise<number[]>;
  close(): Promise<void>;
}

export interface OpenStorageOptions {
  /**
   * The role that owns the schema (DATABASE_OWNER_URL): it runs the migrations and grants the
   * application role what the services need. Without it, `databaseUrl` migrates too (one role).
   */
  ownerUrl?: string;
  /**
   * Create the user of `databaseUrl` (with its password) as a login role that is only a member of
   * the application role, when it does not exist; the owner needs CREATEROLE (the embedded
   * cluster's superuser has it).
   */
  createServiceLogin?: boolean;
  /** Where evidence bytes go: the S3-compatible store the environment names (S3_ENDPOINT), else this database. */
  attachments?: AttachmentSettings;
}

/** Opens the database and applies every component's migrations (idempotent). */
export async function openStorage(databaseUrl: string, options: OpenStorageOptions = {}): Promise<Storage> {
  if (options.ownerUrl) {
    const owner = createPool(options.ownerUrl, 2);
    try {
      await migrateAll(owner);
      await grantServiceAccess(owner);
      if (options.createServiceLogin) await ensureServiceLogin(owner, databaseUrl);
    } finally {
      await owner.end();
    }
  }
  const pool = createPool(databaseUrl);
  const store = new PostgresEventStore(pool);
  if (!options.ownerUrl) {
    await migrateAll(pool);
    await grantServiceAccess(pool);
  }
  const settings = options.attachments ?? attachmentSettings();
  const s3 = settings.s3 ? new S3BlobStore(settings.s3) : undefined;
  const dataSource = createReadModelDataSource(databaseUrl, [AccountRow, SecurityEventRow]);
  await dataSource.initialize();
  return {
    pool,
    dataSource,
    store,
    attachments: new Attachments(pool, s3 ?? new PostgresBlobStore(pool)),
    url: databaseUrl,
    migrate: async (component, migrations) => {
      if (!options.ownerUrl) return migrate(pool, component, migrations);
      const owner = createPool(options.ownerUrl, 1);
      try {
        return await migrate(owner, component, migrations);
      } finally {
        await owner.end();
      }
    },
    close: async () => {
      s3?.close();
      await dataSource.destroy();
      await pool.end();
    },
  };
}

async function migrateAll(pool: Pool): Promise<void> {
  await new PostgresEventStore(pool).migrate();
  await migrate(pool, 'read-models', READ_MODEL_MIGRATIONS);
  await migrate(pool, 'accounts', ACCOUNT_MIGRATIONS);
  await migrate(pool, 'delivery', DELIVERY_MIGRATIONS);
  await migrate(pool, 'attachments', ATTACHMENT_MIGRATIONS);
}

/**
 * What the services may do: read and write the read models, accounts and delivery tables (and
 * the tables a rebuild creates later: default privileges of the owner), but only read `events`
 * (appends go through ledger_append), only add to `security_events` and `schema_migrations`
 * stays the owner's. Run after every migration, as the owner; a no-op where the role is missing.
 */
async function grantServiceAccess(pool: Pool): Promise<void> {
  // Services starting together (two workers, an API) each grant: PostgreSQL refuses concurrent
  // grants on one object ("tuple concurrently updated"), so they take turns.
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select pg_advisory_xact_lock(hashtext('ledger: grant service access'))`);
    await client.query(GRANT_SERVICE_ACCESS);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const GRANT_SERVICE_ACCESS = `
    do $$
    declare
      v_schema text := current_schema();
    begin
      if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
        return;
      end if;
      execute format('grant usage on schema %I to ${APP_ROLE}', v_schema);
      execute format('grant select, insert, update, delete on all tables in schema %I to ${APP_ROLE}', v_schema);
      execute format('grant usage, select on all sequences in schema %I to ${APP_ROLE}', v_schema);
      alter default privileges grant select, insert, update, delete on tables to ${APP_ROLE};
      alter default privileges grant usage, select on sequences to ${APP_ROLE};
      revoke insert, update, delete, truncate on events from ${APP_ROLE};
      revoke update, delete, truncate on security_events from ${APP_ROLE};
      revoke insert, update, delete, truncate on schema_migrations from ${APP_ROLE};
      -- Evidence bytes are content-addressed: added and (when unreferenced) removed, never changed.
      revoke update, truncate on attachment_blobs, attachments, attachment_links from ${APP_ROLE};
    end $$;
  `;

async function ensureServiceLogin(owner: Pool, databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const exists = await owner.query('select 1 from pg_roles where rolname = $1', [user]);
  const quoted = `"${user.replace(/"/g, '""')}"`;
  const literal = `'${password.replace(/'/g, "''")}'`;
  if (exists.rowCount === 0) {
    await owner.query(`create role ${quoted} login nosuperuser nocreatedb nocreaterole password ${literal}`);
  } else {
    await owner.query(`alter role ${quoted} login nosuperuser nocreatedb nocreaterole password ${literal}`);
  }
  await owner.query(`grant ${APP_ROLE} to ${quoted}`);
}
