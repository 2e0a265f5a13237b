import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { openStorage, runMain, standaloneConfig, stopOnSignals } from '@ledger/bootstrap';
import { startApi } from '.';

/** The API alone (stateless; scale by adding replicas). */
runMain('api', async () => {
  const config = standaloneConfig('api');
  const storage = await openStorage(config.databaseUrl, { ownerUrl: config.databaseOwnerUrl });
  const connection = await Connection.connect({ address: config.temporalAddress });
  const api = await startApi(config, storage, new Client({ connection, namespace: config.temporalNamespace }), config.host);
  // The port bound (PORT=0 lets the system choose): the launcher reads it from this line.
  console.log(`api listening on ${config.host}:${new URL(api.url).port}`);
  stopOnSignals(
    'api',
    async () => {
      await api.close();
      await connection.close();
      await storage.close();
    },
    // Past the drain's own bound: closing the pools after it must not be cut short.
    config.shutdownGraceSeconds + 10,
  );
});
