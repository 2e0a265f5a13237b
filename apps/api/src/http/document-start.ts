import { WithStartWorkflowOperation, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { UpdateDefinition, Workflow } from '@temporalio/common';
import type { Event, EventStore, RecordedEvent } from '@ledger/event-store';

/** How a document kind folds its stream into the answer its commands give. */
export interface DocumentFold<State, E extends Event, Summary> {
  initialState: State;
  evolve(state: State, event: RecordedEvent<E>): State;
  summarize(state: State): Summary;
}

/**
 * The answer a request had when an earlier attempt of it (same correlation id: a keyed retry
 * whose first answer was lost) already stored its events: the stream folded up to its last event.
 */
export async function earlierAnswer<State, E extends Event, Summary>(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  correlationId: string,
  fold: DocumentFold<State, E, Summary>,
): Promise<Summary | undefined> {
  let state = fold.initialState;
  let answer: Summary | undefined;
  for (const event of await store.readStream<E>(streamId)) {
    state = fold.evolve(state, event);
    if (event.metadata.correlationId === correlationId) answer = fold.summarize(state);
  }
  return answer;
}

/**
 * Starts a document's workflow with its first Update, so that an attempt after a crash reaches
 * what the first attempt started instead of a second document: the document id is the request's
 * correlation id (named after the Idempotency-Key when there is one), the Update id is that id
 * too (the server answers a repeat with the first Update's outcome), a running workflow is joined
 * and an ended one is never started again (409 from translateWorkflowError). The caller first
 * asks `earlierAnswer`, for a workflow that has ended since.
 */
export function startDocument<W extends Workflow, Answer, Input>(
  client: Client,
  options: {
    workflow: W;
    /** Id, task queue and arguments; the policies are this function's. */
    start: WorkflowStartOptions<W>;
    update: UpdateDefinition<Answer, [Input]>;
    input: Input & { correlationId: string };
  },
): Promise<Answer> {
  const start = { ...options.start, workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE' } as const;
  return client.workflow.executeUpdateWithStart(options.update, {
    args: [options.input],
    updateId: options.input.correlationId,
    startWorkflowOperation: new WithStartWorkflowOperation(options.workflow, start),
  });
}
