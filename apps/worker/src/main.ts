import { openStorage, runMain, standaloneConfig, stopOnSignals } from '@ledger/bootstrap';
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
  });
  console.log(`worker polling ${config.taskQueue}`);
  stopOnSignals('worker', async () => {
    await worker.stop();
    await storage.close();
  });
});
