import {
  ApplicationFailure,
  ActivityFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
  type ExternalWorkflowHandle,
} from '@temporalio/workflow';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { ReportRuleViolation, type Actor } from '@ledger/domain';
import {
  PERMANENT_APPEND_FAILURES,
  type AppendEventsInput,
  type DocumentEvent,
  type LedgerActivities,
  type SignalOnAppend,
} from './activities';

/**
 * The activities every workflow calls, with one retry policy: transient failures (a database
 * restart, a lost answer) are retried, since event ids make a retried append harmless; failures
 * that cannot succeed on retry leave the activity as non-retryable (see apps/worker/src/activities.ts).
 */
export const activities = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/**
 * Operations of one workflow run one at a time, in arrival order: each decides on the state the
 * one before it left. A failed operation does not stop the ones after it.
 */
export function serialQueue() {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      const next = queue.then(work, work);
      queue = next.catch(() => undefined);
      return next;
    },
    settled: () => queue,
  };
}

/**
 * The SLA timer every kind waits on: until `changed()` holds (someone acted) or the moment `at`
 * passes, whichever comes first; true when someone acted. Workflow time, so replay-safe; a
 * moment already past still yields one timer tick, so a deadline is recorded after what came before it.
 */
export function actedBefore(changed: () => boolean, at: string): Promise<boolean> {
  return condition(changed, Math.max(1, Date.parse(at) - Date.now()));
}

/**
 * Signals another workflow if it runs. Only "not found" is tolerated (the receiver is switched off,
 * finished, or not yet started: its own catch-up covers that); any other failure is the caller's.
 */
export async function signalIfRunning<Args extends unknown[]>(
  handle: ExternalWorkflowHandle,
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<void> {
  try {
    await handle.signal(signal, ...args);
  } catch (error) {
    if (!isExternalWorkflowNotFound(error)) throw error;
    log.info('signal not delivered: the workflow is not running', { to: handle.workflowId, signal: signal.name });
  }
}

/** Core's failure for a signal to a workflow that does not exist (or has closed). */
function isExternalWorkflowNotFound(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.type === 'ExternalWorkflowExecutionNotFound';
}

/**
 * Appends a workflow's events. An append that can never succeed (the stream was written by
 * someone else, an event id reused) is recorded in the operator's failure log, logged, and thrown
 * as a non-retryable `OperationFailed`, so nothing spins on it.
 */
export async function appendOrHalt(input: AppendEventsInput): Promise<{ nextVersion: number }> {
  try {
    return await activities.appendEvents(input);
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (!(cause instanceof ApplicationFailure) || !PERMANENT_APPEND_FAILURES.includes(cause.type ?? '')) throw error;
    log.error('append can never succeed: the document is halted', { streamId: input.streamId, type: cause.type, message: cause.message });
    await activities.recordOperationFailure({
      workflowId: input.workflowId,
      streamId: input.streamId,
      expectedVersion: input.expectedVersion,
      eventTypes: input.events.map((event) => event.type),
      reason: cause.type ?? 'unknown',
      message: cause.message,
      correlationId: input.correlationId,
    });
    throw ApplicationFailure.create({
      type: 'OperationFailed',
      nonRetryable: true,
      message: `the document's record cannot take this operation (${cause.type}); an operator must look at stream ${input.streamId} / 文书记录异常，已报告运维人员`,
    });
  }
}

/**
 * A document's stream as the event store holds it, handed to a workflow started again over it
 * when Temporal lost the one that wrote it (`workflows reconcile`): the workflow goes on from
 * there, appending after `version`, instead of deciding on an empty state over a full stream.
 */
export interface StoredStream<E extends DocumentEvent = DocumentEvent> {
  version: number;
  /** In stream order; `actor` is who caused each (its metadata in the store). */
  events: Array<{ event: E; actor: Actor }>;
}

/** A document kind's pure rules, as the workflow that carries one document of it needs them. */
export interface DocumentRules<C extends { actor: Actor; now: string }, E extends DocumentEvent, S> {
  streamId: string;
  initial: S;
  /** The stream so far, when the workflow is started again over it (absent: a new document). */
  stored?: StoredStream<E>;
  decide(command: C, state: S): E[];
  /** Folds one event; `actor` is who caused it (the event's metadata in the store). */
  evolve(state: S, event: E, actor: Actor): S;
  /**
   * Whom the append activity signals once these events are stored (`appended`: the state after
   * them). The activity sends them, so they cost the document no workflow task.
   */
  signalsOnAppend?(events: E[], appended: S): SignalOnAppend[];
}

/** Every operation says who does it and which request it answers. */
export interface By {
  actor: Actor;
  correlationId: string;
}

/**
 * What every document workflow does the same way: it is the only writer of its stream; its
 * operations are decided one at a time, each on the state every operation before it leaves (so
 * the second of two racing decisions is refused), and appended in that order; an Update's
 * validator refuses what the rules refuse, leaving no event, on that same state; the handler
 * answers once its events are appended.
 */
export function documentRunner<C extends { actor: Actor; now: string }, E extends DocumentEvent, S, Answer>(
  rules: DocumentRules<C, E, S>,
  answer: (state: S) => Answer,
  /** What happens once events are appended (in append order). */
  afterAppend?: (events: E[], appended: S) => Promise<void>,
  /**
   * Asked at each append: true lets the operation answer as soon as its events are appended,
   * with `afterAppend` following in the background (in append order, awaited by `followed()`);
   * false makes the operation wait for it, as histories recorded before this replay.
   */
  answerBeforeAfterAppend: () => boolean = () => false,
) {
  const { workflowId } = workflowInfo();
  const stored = rules.stored?.events.reduce((folded, { event, actor }) => rules.evolve(folded, event, actor), rules.initial);
  /** What is appended. */
  let state = stored ?? rules.initial;
  /** What is decided: the appended state plus the operations still being appended. */
  let decided = state;
  let version = rules.stored?.version ?? 0;
  const appending = serialQueue();
  /** What follows appends off the critical path: notifying other workflows, in append order. */
  const following = serialQueue();
  /** Set once an append can never succeed: every operation after it is refused, nothing appended. */
  let halted: ApplicationFailure | undefined;
  const now = () => new Date(Date.now()).toISOString(); // workflow time: the same on replay

  function decideOrFail(command: C): E[] {
    if (halted) throw halted;
    try {
      return rules.decide(command, decided);
    } catch (error) {
      if (error instanceof ReportRuleViolation) {
        throw ApplicationFailure.create({ message: error.message, type: error.code, nonRetryable: true, details: [error.problems] });
      }
      throw error;
    }
  }

  async function record(events: E[], actor: Actor, correlationId: string): Promise<void> {
    try {
      const next = events.reduce((folded, event) => rules.evolve(folded, event, actor), state);
      const signals = rules.signalsOnAppend?.(events, next) ?? [];
      const result = await appendOrHalt({
        workflowId,
        streamId: rules.streamId,
        expectedVersion: version,
        events,
        actor,
        correlationId,
        ...(signals.length > 0 ? { signals } : {}),
      });
      state = next;
      version = result.nextVersion;
      if (afterAppend) await follow(events, state);
    } catch (error) {
      if (error instanceof ApplicationFailure && error.type === 'OperationFailed') halted = error;
      throw error;
    }
  }

  /**
   * Runs `afterAppend` for one append: awaited, or queued behind the appends before it so the
   * operation answers now. A queued one that fails is logged, not thrown: its operation has
   * answered, and its events are the record the receivers catch up from.
   */
  async function follow(events: E[], appended: S): Promise<void> {
    const after = () => afterAppend!(events, appended);
    if (!answerBeforeAfterAppend()) return after();
    void following.run(after).catch((error: unknown) => {
      log.error('what follows an append failed; the events are recorded', { streamId: rules.streamId, error: String(error) });
    });
  }

  /** Decides now, on what is decided so far; answers once the events are appended, in order. */
  function execute(command: C, correlationId: string): Promise<Answer> {
    const events = decideOrFail(command);
    decided = events.reduce((folded, event) => rules.evolve(folded, event, command.actor), decided);
    const after = answer(decided);
    const work = () => (events.length > 0 ? record(events, command.actor, correlationId) : Promise.resolve());
    return appending.run(work).then(() => after);
  }

  /** An Update of this document: validated and carried out by the same rules. */
  function operation<I extends By>(update: UpdateDefinition<Answer, [I]>, toCommand: (input: I, at: string) => C): void {
    setHandler(update, (input) => execute(toCommand(input, now()), input.correlationId), {
      validator: (input) => void decideOrFail(toCommand(input, now())),
    });
  }

  return {
    state: () => decided,
    appended: () => state,
    now,
    execute,
    operation,
    settled: () => appending.settled(),
    /** Settles once everything queued after appends has run (a workflow waits for it before it ends). */
    followed: () => following.settled(),
    halted: () => halted !== undefined,
  };
}
