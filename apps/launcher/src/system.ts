import { Client, Connection } from '@temporalio/client';
import { createOutboxSender, createSupervisionProjector, superviseTasksOf, type Storage } from '@ledger/bootstrap';
import { latestPublishedPlan } from '@ledger/plan-import';
import type { LedgerConfig } from '@ledger/config';
import type { Catalog } from '@ledger/plan-catalog';
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
  catalog: Catalog,
  onWorkerFailure: (reason: string) => void = (reason) => console.error(reason),
): Promise<RunningServices> {
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace });

  const projector = createSupervisionProjector(databaseUrl, storage.dataSource, storage.store, (message) => console.error(message));
  await projector.start();
  const sender = createOutboxSender(storage.pool, config, (message) => console.error(message));
  sender.start();

  const worker = await startReportWorker({
    temporalAddress,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    store: storage.store,
    pool: storage.pool,
  });

  let stopping = false;
  const workerEnded = (reason: string) => {
    if (!stopping) onWorkerFailure(reason);
  };
  worker.done.then(
    () => workerEnded('the Temporal worker stopped'),
    (error: Error) => workerEnded(`the Temporal worker failed: ${error.message}`),
  );

  if (!config.supervision) await sayWhatSupervisionStillRuns(temporal, config.taskQueue);
  if (config.supervision) {
    // The plan as published (seeding published it), so supervision follows the version in force.
    const published = await latestPublishedPlan(storage.store, catalog.plan.id);
    if (published) await superviseTasksOf(temporal, published.data, config.taskQueue);
  }

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
