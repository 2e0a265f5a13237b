import type { Client } from '@temporalio/client';
import type { Storage } from '@ledger/bootstrap';
import type { LedgerConfig } from '@ledger/config';
import { createApi } from './api';
import { LedgerRuntime } from './runtime';

/**
 * The API's one entry for other processes. The launcher, the composition root, is the only app
 * that may import another app, and only through such an entry (tests/unit/architecture.spec.ts),
 * so the API's insides stay its own; apps/api/src/main.ts starts the API alone the same way.
 */
export interface RunningApi {
  /** http://host:port as bound (the port is the one the system chose when config.port is 0). */
  url: string;
  close(): Promise<void>;
}

export async function startApi(config: LedgerConfig, storage: Storage, temporal: Client, host: string): Promise<RunningApi> {
  const api = await createApi(
    new LedgerRuntime(config, storage.pool, storage.dataSource, storage.store, temporal, storage.attachments, storage.migrate),
  );
  await api.listen(config.port, host);
  const address = api.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { url: `http://${host}:${port}`, close: () => api.close() };
}
