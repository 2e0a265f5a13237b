import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { nameBasedEventId, type EventStore } from '@ledger/event-store';
import { extendNoticeUpdate, noticeWorkflowId, type LedgerActivities } from '@ledger/workflows';

export interface ActivityDependencies {
  store: EventStore;
  /** Tells other workflows what a workflow decided (an approved extension to its notice). */
  temporal: Client;
}

/**
 * Activities over their dependencies. Each event's id is derived from the workflow id and the
 * event's version in its stream, so an activity retried after a lost answer appends nothing new.
 */
export function createActivities(deps: ActivityDependencies): LedgerActivities {
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

    // The Update's id names the extension, so a retry after a lost answer gets the first answer
    // back from the notice's workflow instead of extending twice.
    async extendNoticeDeadline({ noticeId, extensionId, until, actor, correlationId }) {
      const notice = deps.temporal.workflow.getHandle(noticeWorkflowId(noticeId));
      try {
        await notice.executeUpdate(extendNoticeUpdate, {
          args: [{ actor, correlationId, extensionId, until }],
          updateId: `extension-${extensionId}`,
        });
        return { outcome: 'extended' };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return { outcome: 'notice_ended' };
        if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
          return { outcome: 'refused', reason: error.cause.message };
        throw error;
      }
    },
  };
}
