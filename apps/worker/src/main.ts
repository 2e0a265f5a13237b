import { Client, Connection } from '@temporalio/client';
import { describeReconcile, openStorage, reconcileWorkflows, runMain, standaloneConfig, stopOnSignals } from '@ledger/bootstrap';
import { clientInterceptors, logger, observeProcess } from '@ledger/observability';
import { startReportWorker } from './worker';

/** The Temporal worker alone (stateless; scale by adding replicas on the same task queue). */
runMain('worker', async () => {
  const config = standaloneConfig('worker');
  const observed = await observeProcess('worker', config);
  const log = logger('worker');
  const storage = await openStorage(config.databaseUrl, { ownerUrl: config.databaseOwnerUrl });
  const worker = await startReportWorker({
    temporalAddress: config.temporalAddress,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    store: storage.store,
    pool: storage.pool,
    sdkMetricsAddress: config.temporalMetricsPort ? `${config.metrics?.host ?? '127.0.0.1'}:${config.temporalMetricsPort}` : undefined,
    shutdownGraceSeconds: config.shutdownGraceSeconds,
  });
  log.info('worker polling', { taskQueue: config.taskQueue });
  // Temporal is rebuilt from the event store: every open document and (with supervision) every
  // published plan's task runs, at the plan's latest version, whoever started it before (a worker
  // of another machine, an import, the launcher), or had it when Temporal's state was lost. Safe with many workers.
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({ connection, namespace: config.temporalNamespace, interceptors: clientInterceptors() });
  const outcome = await reconcileWorkflows(client, storage.store, { taskQueue: config.taskQueue, supervision: config.supervision });
  log.info(describeReconcile(outcome));
  stopOnSignals(
    'worker',
    async () => {
      await worker.stop();
      await connection.close();
      await storage.close();
      await observed.stop();
    },
    config.shutdownGraceSeconds + 10,
  );
});
