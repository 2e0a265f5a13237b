import { nameBasedEventId, type EventStore } from '@ledger/event-store';
import type { LedgerActivities } from '@ledger/workflows';

/**
 * Activities over their dependencies. Each event's id is derived from the workflow id and the
 * event's version in its stream, so an activity retried after a lost answer appends nothing new.
 */
export function createActivities(deps: { store: EventStore }): LedgerActivities {
  return {
    async appendEvents({ workflowId, streamId, expectedVersion, events, actor, correlationId }) {
      const result = await deps.store.append(
        streamId,
        expectedVersion === 0 ? 'no_stream' : expectedVersion,
        events.map((event, index) => ({
          eventId: nameBasedEventId(`${workflowId}/${expectedVersion + index + 1}`),
          type: event.type,
          data: event.data,
          metadata: {
            actorId: actor.actorId,
            role: actor.role,
            unitId: actor.unitId,
            correlationId,
            causationId: null,
            workflowId,
            schemaVersion: 1,
          },
        })),
      );
      return { nextVersion: result.nextVersion };
    },
  };
}
