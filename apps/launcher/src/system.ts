import { Client, Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { ACCOUNT_MIGRATIONS, AccountRow } from '@ledger/accounts';
import type { LedgerConfig } from '@ledger/config';
import { PostgresEventStore } from '@ledger/event-store';
import { createPool, migrate } from '@ledger/postgres';
import type { Catalog } from '@ledger/plan-catalog';
import { createReadModelDataSource, READ_MODEL_MIGRATIONS, type Projector } from '@ledger/read-models';
import { createApi } from '../../api/src/api';
import { LedgerRuntime } from '../../api/src/runtime';
import { createSupervisionProjector } from '../../projector/src/projector';
import { startReportWorker } from '../../worker/src/worker';
import { startSupervision } from './supervision';

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

export interface RunningServices {
  url: string;
  projector: Projector;
  temporal: Client;
  stop(): Promise<void>;
}

/** Worker, projector and API in this process, over shared storage and a Temporal server. */
export async function startServices(
  config: LedgerConfig,
  databaseUrl: string,
  temporalAddress: string,
  storage: Storage,
  catalog: Catalog,
): Promise<RunningServices> {
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace });

  const projector = createSupervisionProjector(databaseUrl, storage.dataSource, storage.store, (message) => console.error(message));
  await projector.start();

  const worker = await startReportWorker({
    temporalAddress,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    store: storage.store,
  });

  if (config.supervision) await startSupervision(temporal, catalog, config.taskQueue);

  const api = await createApi(new LedgerRuntime(config, storage.pool, storage.dataSource, storage.store, temporal));
  await api.listen(config.port, '127.0.0.1');
  const address = api.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  return {
    url: `http://127.0.0.1:${port}`,
    projector,
    temporal,
    stop: async () => {
      await api.close();
      await worker.stop();
      await projector.stop();
      await connection.close();
    },
  };
}
