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
  logger('api').info('api listening', { host: config.host, port: config.port });
  stopOnSignals('api', async () => {
    await api.close();
    await connection.close();
    await storage.close();
    await observed.stop();
  });
});
