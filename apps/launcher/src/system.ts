import { Client, Connection } from '@temporalio/client';
import { createOutboxSender, createSupervisionProjector, reconcileWorkflows, type Storage } from '@ledger/bootstrap';
import type { LedgerConfig } from '@ledger/config';
import { clientInterceptors, logger, watchReadModels } from '@ledger/observability';
import type { Projector } from '@ledger/read-models';
// The launcher is the composition root: the one app allowed to import other apps, and only their
// entries (src/index.ts), which is what tests/unit/architecture.spec.ts checks. Moving the API
// and the worker into libs instead would make libs of two whole applications for one caller.
import { startApi } from '../../api/src';
import { startReportWorker } from '../../worker/src';

export interface RunningServices {
  url: string;
  projector: Projector;
  temporal: Client;
  stop(): Promise<void>;
}

/**
 * Worker, projector and API in this process, over shared storage and a Temporal server.
 * `onWorkerFailure` hears of a worker that stopped on its own (the Temporal SDK gave up on its
 * server): without it reports would wait forever while the API still answers.
 */
export async function startServices(
  config: LedgerConfig,
  databaseUrl: string,
  temporalAddress: string,
  storage: Storage,
  onWorkerFailure: (reason: string) => void = (reason) => logger('launcher').error(reason),
): Promise<RunningServices> {
  const log = logger('services');
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace, interceptors: clientInterceptors() });

  const projector = createSupervisionProjector(databaseUrl, storage.dataSource, storage.store, (message) => log.error(message));
  await projector.start();
  const sender = createOutboxSender(storage.pool, config, (message) => log.error(message));
  sender.start();
  // One process holds the read models here: its scrape reads the projector's lag and the open documents.
  const forgetReadModels = watchReadModels(storage.pool);

  const worker = await startReportWorker({
    temporalAddress,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    store: storage.store,
    pool: storage.pool,
    sdkMetricsAddress: config.temporalMetricsPort ? `${config.metrics?.host ?? '127.0.0.1'}:${config.temporalMetricsPort}` : undefined,
  });

  let stopping = false;
  const workerEnded = (reason: string) => {
    if (!stopping) onWorkerFailure(reason);
  };
  worker.done.then(
    () => workerEnded('the Temporal worker stopped'),
    (error: Error) => workerEnded(`the Temporal worker failed: ${error.message}`),
  );

  // Temporal rebuilt from the event store (its state may be lost: a new server, a deleted
  // file): every open document and every task's supervision goes on where its stream stands,
  // and every task of the published plan (seeding published it) follows the version in force.
  await reconcileWorkflows(temporal, storage.store, { taskQueue: config.taskQueue, supervision: config.supervision });
  if (!config.supervision) await sayWhatSupervisionStillRuns(temporal, config.taskQueue);

  const api = await startApi(config, storage, temporal, '127.0.0.1');

  return {
    url: api.url,
    projector,
    temporal,
    stop: async () => {
      stopping = true;
      await api.close();
      await worker.stop();
      await sender.stop();
      await projector.stop();
      await connection.close();
      forgetReadModels();
    },
  };
}

/**
 * SUPERVISION=off starts no supervision, but does not stop the workflows an earlier run on the
 * same data started: they keep watching their tasks (and issuing 督办单) on this task queue. Say so.
 */
async function sayWhatSupervisionStillRuns(temporal: Client, taskQueue: string): Promise<void> {
  const query = `WorkflowType = "targetWorkflow" AND ExecutionStatus = "Running" AND TaskQueue = "${taskQueue}"`;
  const running = await temporal.workflow.count(query).then(
    (answer) => answer.count,
    () => 0, // a server without visibility counting: nothing to say
  );
  if (running === 0) return;
  console.log(
    `SUPERVISION=off：上次运行启动的 ${running} 个任务督办流程仍在运行，会继续按计划开期、催报、下发督办单；` +
      `如需停止：temporal workflow terminate --namespace ${temporal.options.namespace} --query '${query}' --reason "SUPERVISION=off"`,
  );
}
