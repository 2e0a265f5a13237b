import type { Server } from 'node:http';
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
  /** Refuses new connections, lets requests in flight finish (SHUTDOWN_GRACE_SECONDS at most), then closes. */
  close(): Promise<void>;
}

export async function startApi(config: LedgerConfig, storage: Storage, temporal: Client, host: string): Promise<RunningApi> {
  const runtime = new LedgerRuntime(
    config,
    storage.pool,
    storage.dataSource,
    storage.store,
    temporal,
    storage.attachments,
    storage.migrate,
  );
  const api = await createApi(runtime);
  await api.listen(config.port, host);
  const server = api.getHttpServer() as Server;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      runtime.lifecycle.stopping = true;
      if (!(await drain(server, config.shutdownGraceSeconds * 1000)))
        console.error(`api: requests still in flight after ${config.shutdownGraceSeconds} s (SHUTDOWN_GRACE_SECONDS) were cut off`);
      await api.close();
    },
  };
}

/**
 * Stops taking connections and lets the requests in flight finish, for at most `graceMs`.
 * Nest's own close runs the modules' destroy hooks before it closes the server, which would pull
 * the ground from under a request still waiting on its workflow; so the server is drained first.
 * Answers whether every request finished.
 */
async function drain(server: Server, graceMs: number): Promise<boolean> {
  const closed = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
  // A keep-alive connection idle between requests would hold close() open; one answering a
  // request becomes idle after its answer and is closed by the next sweep.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([closed, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
  clearInterval(sweep);
  clearTimeout(timer);
  if (!finished) server.closeAllConnections();
  return finished;
}
