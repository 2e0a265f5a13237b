import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { reportStreamId, type ReportEvent } from '@ledger/domain';
import { EventIdReusedError, nameBasedEventId, WrongExpectedVersionError, type EventStore } from '@ledger/event-store';
import { extendNoticeUpdate, noticeWorkflowId, OPERATION_FAILURES_STREAM, type LedgerActivities, type TaskReport } from '@ledger/workflows';

export interface ActivityDependencies {
  store: EventStore;
  /** Starts workflows that must outlive their starter (notices issued by supervision) and tells them what
   * another decided (an approved extension to its notice). */
  client: Client;
  /** The ids of a task's reports (an index kept by the projector; the reports' streams are the record). */
  reportIdsOfTask(taskId: string): Promise<string[]>;
}

/**
 * Activities over their dependencies. Each event's id is derived from the workflow id and the
 * event's version in its stream, so an activity retried after a lost answer appends nothing new.
 */
export function createActivities(deps: ActivityDependencies): LedgerActivities {
  return {
    async appendEvents({ workflowId, streamId, expectedVersion, events, actor, correlationId, signals = [] }) {
      let nextVersion: number;
      try {
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
        nextVersion = result.nextVersion;
      } catch (error) {
        throw permanentAppendFailure(error) ?? error;
      }
      // After the commit: a failed signal fails the activity, whose retry appends nothing new
      // (same event ids) and signals again.
      for (const { workflowId: to, signalName, args } of signals) await signalIfRunning(deps.client, to, signalName, args);
      return { nextVersion };
    },

    async recordOperationFailure(input) {
      await deps.store.append(OPERATION_FAILURES_STREAM, 'any', [
        {
          // One record per failed append, however often the activity is retried.
          eventId: nameBasedEventId(`${input.workflowId}/failed/${input.expectedVersion}/${input.correlationId}`),
          type: 'OperationFailed',
          data: input,
          metadata: {
            actorId: 'system',
            role: 'system',
            unitId: null,
            correlationId: input.correlationId,
            causationId: null,
            workflowId: input.workflowId,
            schemaVersion: 1,
          },
        },
      ]);
    },

    async startWorkflow({ workflowType, workflowId, taskQueue, args }) {
      try {
        // A closed workflow's id is not reused either: a retried start after the notice was closed
        // must not begin it again.
        await deps.client.workflow.start(workflowType, { workflowId, taskQueue, args, workflowIdReusePolicy: 'REJECT_DUPLICATE' });
        return { started: true };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { started: false };
        throw error;
      }
    },

    async reportsOfTask({ taskId }) {
      const reports: TaskReport[] = [];
      for (const reportId of await deps.reportIdsOfTask(taskId)) {
        const events = await deps.store.readStream<ReportEvent>(reportStreamId(reportId));
        const submitted = events.find((event) => event.type === 'ReportSubmitted');
        if (!submitted) continue;
        const signedOff = events.find((event) => event.type === 'ReportSignedOff');
        reports.push({
          reportId,
          period: submitted.data.period,
          withdrawn: events.some((event) => event.type === 'ReportWithdrawn'),
          ...(signedOff ? { signedOff: { values: signedOff.data.values } } : {}),
        });
      }
      return reports;
    },

    // The Update's id names the extension, so a retry after a lost answer gets the first answer
    // back from the notice's workflow instead of extending twice.
    async extendNoticeDeadline({ noticeId, extensionId, until, actor, correlationId }) {
      const notice = deps.client.workflow.getHandle(noticeWorkflowId(noticeId));
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

/** Signals a workflow unless it is not running (switched off, ended, not yet started: it catches up from the store). */
async function signalIfRunning(client: Client, workflowId: string, signalName: string, args: unknown[]): Promise<void> {
  try {
    await client.workflow.getHandle(workflowId).signal(signalName, ...args);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

/** The store's refusals that no retry can mend, as failures Temporal will not retry. */
function permanentAppendFailure(error: unknown): ApplicationFailure | undefined {
  if (error instanceof WrongExpectedVersionError)
    return ApplicationFailure.create({ type: 'WrongExpectedVersion', message: error.message, nonRetryable: true });
  if (error instanceof EventIdReusedError)
    return ApplicationFailure.create({ type: 'EventIdReused', message: error.message, nonRetryable: true });
  return undefined;
}
