import { Client, Connection } from '@temporalio/client';
import { describeReconcile, reconcileWorkflows } from '@ledger/bootstrap';
import { CliError, UsageError, type Command } from './command';

/** The Temporal server the launcher uses: TEMPORAL_ADDRESS, or else its dev server on TEMPORAL_DEV_PORT. */
export function temporalTarget(env: NodeJS.ProcessEnv): { address: string; namespace: string; taskQueue: string } {
  return {
    address: env.TEMPORAL_ADDRESS || `127.0.0.1:${env.TEMPORAL_DEV_PORT || 7233}`,
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'ledger-reports',
  };
}

const workflowsReconcile: Command = {
  command: 'workflows reconcile',
  usage: '',
  summary:
    "start again, from the event store, the workflow of every open document and every task's supervision that Temporal does not know (after Temporal's state was lost); safe to repeat",
  async run({ args, io, connect }) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    const { storage } = await connect();
    const { address, namespace, taskQueue } = temporalTarget(io.env);
    const connection = await Connection.connect({ address, connectTimeout: '5 seconds' }).catch((error: Error) => {
      throw new CliError(`cannot connect to Temporal at ${address}: ${error.message} / 无法连接 Temporal 服务`);
    });
    try {
      const temporal = new Client({ connection, namespace });
      const outcome = await reconcileWorkflows(temporal, storage.store, {
        taskQueue,
        supervision: io.env.SUPERVISION !== 'off',
      });
      io.stdout(`${describeReconcile(outcome)}\n`);
      return 0;
    } finally {
      await connection.close();
    }
  },
};

export const WORKFLOW_COMMANDS: readonly Command[] = [workflowsReconcile];
