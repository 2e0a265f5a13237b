import {
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
  type WorkflowBundleOption,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Pool } from 'pg';
import type { EventStore } from '@ledger/event-store';
import {
  activeTracing,
  clientInterceptors,
  errorFields,
  logger,
  temporalLogger,
  WORKFLOW_INTERCEPTOR_MODULE,
  workerInterceptors,
  workerSinks,
} from '@ledger/observability';
import { createActivities } from './activities';

export interface ReportWorkerOptions {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  store: EventStore;
  /** The database of the read models, whose report list indexes a task's report streams. */
  pool: Pool;
  /** Where the Temporal SDK serves its own worker metrics (Prometheus), host:port; none when absent. */
  sdkMetricsAddress?: string;
  /**
   * On stop, how long running activities may take to finish before the SDK cancels them
   * (SHUTDOWN_GRACE_SECONDS); they are idempotent, so one cut short is retried on another worker.
   */
  shutdownGraceSeconds?: number;
}

/** The ids of a task's reports, from the reports read model (an index: the streams are the record). */
export function reportIdsOfTask(pool: Pool): (taskId: string) => Promise<string[]> {
  return async (taskId) =>
    (await pool.query<{ id: string }>('select id from rm_reports where task_id = $1', [taskId])).rows.map((r) => r.id);
}

// Workflows live in the repository's workflows/ folder (source in dev and tests, compiled JS
// under dist/ after a build); both import libs through the @ledger/* aliases.
const root = resolve(__dirname, '../../..');
const runsFromDist = root.endsWith('dist');
const repoRoot = runsFromDist ? resolve(root, '..') : root;
const WORKFLOWS_ENTRY = resolve(repoRoot, 'workflows/src/index.ts');

/**
 * Where `npm run build` writes the workflow bundles a compiled worker loads: one without the
 * OpenTelemetry workflow interceptors, one with them for a worker that traces.
 */
export const PREBUILT_BUNDLE = resolve(repoRoot, 'dist/workflow-bundle.js');
export const PREBUILT_TRACED_BUNDLE = resolve(repoRoot, 'dist/workflow-bundle-traced.js');

/** Whether a bundle carries the OpenTelemetry workflow interceptors. */
export interface BundleOptions {
  traced: boolean;
}

const bundles = new Map<boolean, Promise<WorkflowBundleOption>>();

/**
 * The workflows a worker runs, traced when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT). A
 * compiled worker (dist/) loads the bundle `npm run build` made, as Temporal's production sample
 * does, so it starts in moments and runs exactly the code that was built. Running from source
 * (development, tests), the workflows are bundled once per process, so an edit is never hidden
 * behind a stale bundle.
 */
export function workflowBundle(options: BundleOptions = { traced: activeTracing() !== undefined }): Promise<WorkflowBundleOption> {
  const prebuilt = options.traced ? PREBUILT_TRACED_BUNDLE : PREBUILT_BUNDLE;
  if (!bundles.has(options.traced))
    bundles.set(
      options.traced,
      runsFromDist && existsSync(prebuilt) ? Promise.resolve({ codePath: prebuilt }) : bundleWorkflows(WORKFLOWS_ENTRY, options),
    );
  return bundles.get(options.traced)!;
}

/** Bundles the workflows into one file a worker can load; answers its size in bytes. */
export async function writeWorkflowBundle(path = PREBUILT_BUNDLE, options: BundleOptions = { traced: false }): Promise<number> {
  const { code } = await bundleWorkflows(WORKFLOWS_ENTRY, options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, code);
  return Buffer.byteLength(code);
}

/** Bundles the workflows exported by a file (replay tests bundle deliberately changed variants). */
export function bundleWorkflows(workflowsPath: string, options: BundleOptions = { traced: false }): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    // Only in a traced bundle. Carried always, with tracing off, the interceptors still made,
    // ended and exported (to a sink that drops them) a span per activation and per operation:
    // about a tenth of the worker's workflow CPU per report chain (bench:chain's profile).
    // They add only headers to commands, so a history replays with or without them.
    workflowInterceptorModules: options.traced ? [WORKFLOW_INTERCEPTOR_MODULE] : [],
    logger: {
      info: () => undefined,
      warn: () => undefined,
      error: console.error,
      debug: () => undefined,
      trace: () => undefined,
      log: () => undefined,
    },
    webpackConfigHook: (config) => {
      config.resolve ??= {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string>),
        '@ledger/workflows': resolve(repoRoot, 'workflows/src'),
        '@ledger/domain': resolve(repoRoot, 'libs/domain/src'),
        '@ledger/plan-catalog': resolve(repoRoot, 'libs/plan-catalog/src'),
      };
      return config;
    },
  });
}

export interface RunningWorker {
  worker: Worker;
  /** Stops polling, lets running tasks finish, and closes the connection. */
  stop(): Promise<void>;
  /** Settles when the worker has stopped (rejects if it failed). */
  done: Promise<void>;
}

let runtimeInstalled = false;

/**
 * The SDK's runtime, installed once per process: its logger (the SDK's lines, the workflows'
 * `log` and the Core's forwarded warnings) writes through pino, its worker metrics are served
 * for Prometheus when an address is given, and it has no signal handlers of its own: the
 * process that hosts the worker decides when it stops.
 */
function installRuntime(sdkMetricsAddress: string | undefined): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const install = (metricsAddress: string | undefined) =>
    Runtime.install({
      shutdownSignals: [],
      logger: temporalLogger(),
      telemetryOptions: {
        logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
        ...(metricsAddress && { metrics: { prometheus: { bindAddress: metricsAddress } } }),
      },
    });
  try {
    install(sdkMetricsAddress);
  } catch (error) {
    if (!sdkMetricsAddress) throw error;
    // A metrics port taken by another program costs the SDK's metrics, not the worker.
    logger('worker').warn('the Temporal SDK metrics are off: their port could not be bound', {
      address: sdkMetricsAddress,
      ...errorFields(error),
    });
    install(undefined);
  }
}

export async function startReportWorker(options: ReportWorkerOptions): Promise<RunningWorker> {
  installRuntime(options.sdkMetricsAddress);
  const connection = await NativeConnection.connect({ address: options.temporalAddress });
  const clientConnection = await Connection.connect({ address: options.temporalAddress });
  const client = new Client({ connection: clientConnection, namespace: options.namespace, interceptors: clientInterceptors() });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ store: options.store, client, reportIdsOfTask: reportIdsOfTask(options.pool) }),
    interceptors: workerInterceptors(),
    sinks: workerSinks(),
    shutdownGraceTime: `${options.shutdownGraceSeconds ?? 10} seconds`,
  });
  const done = worker.run().finally(async () => {
    await clientConnection.close();
    await connection.close();
  });
  return {
    worker,
    done,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done.catch(() => undefined);
    },
  };
}
