import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { openStorage } from '../../launcher/src/system';
import { runMain, standaloneConfig, stopOnSignals } from '../../launcher/src/standalone';
import { createApi } from './api';
import { LedgerRuntime } from './runtime';

/** The API alone (stateless; scale by adding replicas). */
runMain('api', async () => {
  const config = standaloneConfig('api');
  const storage = await openStorage(config.databaseUrl);
  const connection = await Connection.connect({ address: config.temporalAddress });
  const api = await createApi(
    new LedgerRuntime(
      config,
      storage.pool,
      storage.dataSource,
      storage.store,
      new Client({ connection, namespace: config.temporalNamespace }),
    ),
  );
  await api.listen(config.port, '0.0.0.0');
  console.log(`api listening on ${config.port}`);
  stopOnSignals('api', async () => {
    await api.close();
    await connection.close();
    await storage.close();
  });
});
