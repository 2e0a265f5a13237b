import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createPool } from '@ledger/postgres';

/**
 * The floor's worker: its workflow (./workflow.ts) and its one activity, an INSERT per step.
 * bench:chain runs it in its own process (BENCH_TOPOLOGY=processes, this file's main) or in the
 * bench's (the default), the same way the project's services are run.
 */
export async function startFloorWorker(temporalAddress: string, pool: Pool, taskQueue: string): Promise<{ stop(): Promise<void> }> {
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: temporalAddress }),
    taskQueue,
    workflowsPath: require.resolve('./workflow'),
    activities: {
      recordStep: async ({ chainId, step, what }: { chainId: string; step: number; what: string }) => {
        await pool.query('insert into floor_steps (chain_id, step, what) values ($1, $2, $3) on conflict do nothing', [
          chainId,
          step,
          what,
        ]);
      },
    },
  });
  const running = worker.run();
  return {
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}

/** As a process: TEMPORAL_ADDRESS, FLOOR_DATABASE_URL and FLOOR_TASK_QUEUE from the bench; SIGTERM stops it. */
async function main(): Promise<void> {
  const pool = createPool(process.env.FLOOR_DATABASE_URL!, 20);
  const worker = await startFloorWorker(process.env.TEMPORAL_ADDRESS!, pool, process.env.FLOOR_TASK_QUEUE!);
  // The line the launcher's ServiceProcess waits for before it counts a worker as started.
  console.log('floor worker polling');
  process.once('SIGTERM', () => void worker.stop().then(() => pool.end()));
}

if (require.main === module)
  main().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
