import { Client, Connection } from '@temporalio/client';
import { openStorage, runMain, standaloneConfig, stopOnSignals, superviseEveryPublishedPlan } from '@ledger/bootstrap';
import { startReportWorker } from './worker';

/** The Temporal worker alone (stateless; scale by adding replicas on the same task queue). */
runMain('worker', async () => {
  const config = standaloneConfig('worker');
  const storage = await openStorage(config.databaseUrl, { ownerUrl: config.databaseOwnerUrl });
  const worker = await startReportWorker({
    temporalAddress: config.temporalAddress,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    store: storage.store,
    pool: storage.pool,
    shutdownGraceSeconds: config.shutdownGraceSeconds,
  });
  console.log(`worker polling ${config.taskQueue}`);
  // Every published plan's tasks are supervised, at the plan's latest version, whoever started
  // them before (a worker of another machine, an import, the launcher): safe with many workers.
  const connection = await Connection.connect({ address: config.temporalAddress });
  if (config.supervision) {
    const client = new Client({ connection, namespace: config.temporalNamespace });
    const tasks = await superviseEveryPublishedPlan(client, storage.store, storage.pool, config.taskQueue);
    console.log(`supervision: ${tasks} tasks`);
  }
  stopOnSignals(
    'worker',
    async () => {
      await worker.stop();
      await connection.close();
      await storage.close();
    },
    config.shutdownGraceSeconds + 10,
  );
});
