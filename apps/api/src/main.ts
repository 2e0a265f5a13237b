import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { openStorage, runMain, standaloneConfig, stopOnSignals } from '@ledger/bootstrap';
import { clientInterceptors, logger, observeProcess } from '@ledger/observability';
import { startApi } from '.';

/** The API alone (stateless; scale by adding replicas). */
runMain('api', async () => {
  const config = standaloneConfig('api');
  const observed = await observeProcess('api', config);
  const storage = await openStorage(config.databaseUrl, { ownerUrl: config.databaseOwnerUrl });
  const connection = await Connection.connect({ address: config.temporalAddress });
  const api = await startApi(
    config,
    storage,
    new Client({ connection, namespace: config.temporalNamespace, interceptors: clientInterceptors() }),
    config.host,
  );
  // The port bound (PORT=0 lets the system choose): the launcher reads it from this line.
  const port = new URL(api.url).port;
  logger('api').info(`api listening on ${config.host}:${port}`, { host: config.host, port: Number(port) });
  stopOnSignals(
    'api',
    async () => {
      await api.close();
      await connection.close();
      await storage.close();
      await observed.stop();
    },
    // Past the drain's own bound: closing the pools after it must not be cut short.
    config.shutdownGraceSeconds + 10,
  );
});
