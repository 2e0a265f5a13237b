import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import { Problem } from '../../apps/api/src/http/problem';
import { translateWorkflowError } from '../../apps/api/src/reports/errors';

// The server refuses these before any worker would run the workflow, so none runs here: what
// matters is what the real server answers and which SDK error type that becomes.
const anyUpdate = defineUpdate<void, []>('approve');
const CLOSED = 'closed on purpose';

const failureOf = (operation: Promise<unknown>) =>
  operation.then(
    () => {
      throw new Error('expected the operation to fail');
    },
    (error: unknown) => error,
  );

/** What the API answers for a failure: the Problem's status and detail, or the error passed on. */
function answerTo(error: unknown): unknown {
  try {
    translateWorkflowError(error, CLOSED);
  } catch (answer) {
    return answer instanceof Problem ? { status: answer.getStatus(), detail: answer.detail } : answer;
  }
}

describe('the API tells a closed or missing workflow by the SDK error type', () => {
  let connection: Connection;
  let client: Client;
  const taskQueue = `workflow-errors-${randomUUID()}`;
  const conflict = { status: 409, detail: CLOSED };

  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
    client = new Client({ connection });
  });
  afterAll(() => connection?.close());

  const start = () => client.workflow.start('notRunHere', { workflowId: `workflow-errors-${randomUUID()}`, taskQueue });

  it('an update of a completed workflow: the server says "already completed", the SDK WorkflowNotFoundError, the API 409', async () => {
    const handle = await start();
    await handle.terminate('the report was closed');
    const error = await failureOf(handle.executeUpdate(anyUpdate));
    expect(error).toBeInstanceOf(WorkflowNotFoundError);
    expect((error as Error).message).toMatch(/already completed/);
    expect(answerTo(error)).toEqual(conflict);
  });

  it('an update of a workflow that never ran: WorkflowNotFoundError, 409', async () => {
    const error = await failureOf(client.workflow.getHandle(`never-${randomUUID()}`).executeUpdate(anyUpdate));
    expect(error).toBeInstanceOf(WorkflowNotFoundError);
    expect(answerTo(error)).toEqual(conflict);
  });

  it('an update-with-start whose workflow id is taken: WorkflowExecutionAlreadyStartedError, 409', async () => {
    const { workflowId } = await start();
    const error = await failureOf(
      client.workflow.executeUpdateWithStart(anyUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation('notRunHere', { workflowId, taskQueue, workflowIdConflictPolicy: 'FAIL' }),
      }),
    );
    expect(error).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    expect(answerTo(error)).toEqual(conflict);
    await client.workflow.getHandle(workflowId).terminate('done');
  });

  it('any other error is passed on, whatever its message says', () => {
    const error = new Error('workflow execution already completed');
    expect(answerTo(error)).toBe(error);
  });
});
