import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { ACCOUNT_MIGRATIONS, AccountRow } from '@ledger/accounts';
import { ATTACHMENT_MIGRATIONS, Attachments, PostgresBlobStore, S3BlobStore } from '@ledger/attachments';
import { attachmentSettings, type AttachmentSettings } from '@ledger/config';
import { PostgresEventStore } from '@ledger/event-store';
import { createPool, migrate } from '@ledger/postgres';
import { DELIVERY_MIGRATIONS } from '@ledger/notifications';
import { createReadModelDataSource, READ_MODEL_MIGRATIONS } from '@ledger/read-models';

/** Connections to the database every part shares. */
export interface Storage {
  pool: Pool;
  dataSource: DataSource;
  store: PostgresEventStore;
  /** 佐证材料: the catalogue in this database, the bytes here too unless S3 is configured. */
  attachments: Attachments;
  close(): Promise<void>;
}

/**
 * Opens the database and applies every component's migrations (idempotent). Evidence bytes go
 * to the S3-compatible store the environment names (S3_ENDPOINT), else to this database.
 */
export async function openStorage(databaseUrl: string, attachments: AttachmentSettings = attachmentSettings()): Promise<Storage> {
  const pool = createPool(databaseUrl);
  const store = new PostgresEventStore(pool);
  await store.migrate();
  await migrate(pool, 'read-models', READ_MODEL_MIGRATIONS);
  await migrate(pool, 'accounts', ACCOUNT_MIGRATIONS);
  await migrate(pool, 'delivery', DELIVERY_MIGRATIONS);
  await migrate(pool, 'attachments', ATTACHMENT_MIGRATIONS);
  const s3 = attachments.s3 ? new S3BlobStore(attachments.s3) : undefined;
  const dataSource = createReadModelDataSource(databaseUrl, [AccountRow]);
  await dataSource.initialize();
  return {
    pool,
    dataSource,
    store,
    attachments: new Attachments(pool, s3 ?? new PostgresBlobStore(pool)),
    close: async () => {
      s3?.close();
      await dataSource.destroy();
      await pool.end();
    },
  };
}
