import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { ACCOUNT_MIGRATIONS, AccountRow } from '@ledger/accounts';
import { PostgresEventStore } from '@ledger/event-store';
import { createPool, migrate } from '@ledger/postgres';
import { DELIVERY_MIGRATIONS } from '@ledger/notifications';
import { createReadModelDataSource, READ_MODEL_MIGRATIONS } from '@ledger/read-models';

/** Connections to the database every part shares. */
export interface Storage {
  pool: Pool;
  dataSource: DataSource;
  store: PostgresEventStore;
  close(): Promise<void>;
}

/** Opens the database and applies every component's migrations (idempotent). */
export async function openStorage(databaseUrl: string): Promise<Storage> {
  const pool = createPool(databaseUrl);
  const store = new PostgresEventStore(pool);
  await store.migrate();
  await migrate(pool, 'read-models', READ_MODEL_MIGRATIONS);
  await migrate(pool, 'accounts', ACCOUNT_MIGRATIONS);
  await migrate(pool, 'delivery', DELIVERY_MIGRATIONS);
  const dataSource = createReadModelDataSource(databaseUrl, [AccountRow]);
  await dataSource.initialize();
  return {
    pool,
    dataSource,
    store,
    close: async () => {
      await dataSource.destroy();
      await pool.end();
    },
  };
}
