import { ApplicationFailure, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { ReportRuleViolation, type Actor } from '@ledger/domain';
import type { DocumentEvent, LedgerActivities } from './activities';

const { appendEvents } = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/** A document kind's pure rules, as the workflow that carries one document of it needs them. */
export interface DocumentRules<C extends { actor: Actor; now: string }, E extends DocumentEvent, S> {
  streamId: string;
  initial: S;
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
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
) {
  const { workflowId } = workflowInfo();
  /** What is appended. */
  let state = rules.initial;
  /** What is decided: the appended state plus the operations still being appended. */
  let decided = rules.initial;
  let version = 0;
  let appending: Promise<unknown> = Promise.resolve();
  const now = () => new Date(Date.now()).toISOString(); // workflow time: the same on replay

  function decideOrFail(command: C): E[] {
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
    const result = await appendEvents({ workflowId, streamId: rules.streamId, expectedVersion: version, events, actor, correlationId });
    for (const event of events) state = rules.evolve(state, event);
    version = result.nextVersion;
  }

  /** Decides now, on what is decided so far; answers once the events are appended, in order. */
  function execute(command: C, correlationId: string): Promise<Answer> {
    const events = decideOrFail(command);
    decided = events.reduce(rules.evolve, decided);
    const after = answer(decided);
    const work = () => (events.length > 0 ? record(events, command.actor, correlationId) : Promise.resolve());
    const next = appending.then(work);
    appending = next;
    return next.then(() => after);
  }

  /** An Update of this document: validated and carried out by the same rules. */
  function operation<I extends By>(update: UpdateDefinition<Answer, [I]>, toCommand: (input: I, at: string) => C): void {
    setHandler(update, (input) => execute(toCommand(input, now()), input.correlationId), {
      validator: (input) => void decideOrFail(toCommand(input, now())),
    });
  }

  return { state: () => decided, appended: () => state, now, execute, operation, settled: () => appending };
}
