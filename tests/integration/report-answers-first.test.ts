import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { temporal } from '@temporalio/proto';
import { DEFAULT_CHAIN, type Actor, type TargetEvent } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import { approveUpdate, reportWorkflow, submitUpdate, targetWorkflow, targetWorkflowId } from '@ledger/workflows';
import { recordHistory } from '../support/histories';
import { endSupervisionNotices, nextYearTask, timeSkippingSuite, timeSkippingWorker } from '../support/time-skipping';

const unit: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };

jest.setTimeout(300_000);

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Where in the history the Update with this id completed. */
function updateCompletedAt(events: HistoryEvent[], updateId: string): number {
  return events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === updateId);
}

/** Where in the history the server confirmed the signal of this name to another workflow. */
function signalDeliveredAt(events: HistoryEvent[], signalName: string): number {
  const initiated = events.find((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === signalName);
  if (!initiated) return -1;
  return events.findIndex(
    (e) => String(e.externalWorkflowExecutionSignaledEventAttributes?.initiatedEventId ?? '') === String(initiated.eventId),
  );
}

/**
 * A report's operation answers once its own events are appended; telling the task's supervision
 * follows off its critical path, and supervision still counts the sign-off exactly once.
 */
describe('a report answers before supervision is told', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  timeSkippingSuite('report_answers_first', (suite) => ({ env, store } = suite));

  it('answers submit and sign-off before its signals settle; supervision records the progress once', async () => {
    const { year, facts, task } = await nextYearTask(env, 'P03', 100);
    const taskQueue = `report-answers-first-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);

    await worker.runUntil(async () => {
      const target = await env.client.workflow.start(targetWorkflow, {
        workflowId: targetWorkflowId(facts.taskId),
        taskQueue,
        args: [{ facts, calendar: { period: 'monthly', deadlineDay: 25 } }],
      });
      await env.sleep(Math.max(1, Date.parse(`${year}-02-10T12:00:00+08:00`) - (await env.currentTimeMs())));
      const reportId = randomUUID();
      const report = await env.client.workflow.start(reportWorkflow, { workflowId: `report-${reportId}`, taskQueue, args: [{ reportId }] });
      const values = [{ indicatorId: 'P03-1', value: 40 }];
      await report.executeUpdate(submitUpdate, {
        args: [{ actor: unit, correlationId: 'c1', task, period: `${year}-01`, values, narrative: '', chain: DEFAULT_CHAIN }],
        updateId: 'c1',
      });
      await report.executeUpdate(approveUpdate, { args: [{ actor: coordinator, correlationId: 'c2' }], updateId: 'c2' });
      const signed = await report.executeUpdate(approveUpdate, { args: [{ actor: office, correlationId: 'c3' }], updateId: 'c3' });
      expect(signed).toMatchObject({ status: 'signed_off' });
      expect(await report.result()).toMatchObject({ status: 'signed_off' });

      const events = (await report.fetchHistory()).events ?? [];
      // Each answer left before the server confirmed its signal: nothing of supervision's on the way.
      expect(updateCompletedAt(events, 'c1')).toBeGreaterThan(-1);
      expect(updateCompletedAt(events, 'c1')).toBeLessThan(signalDeliveredAt(events, 'reportFiled'));
      expect(updateCompletedAt(events, 'c3')).toBeGreaterThan(-1);
      expect(updateCompletedAt(events, 'c3')).toBeLessThan(signalDeliveredAt(events, 'progressSignedOff'));
      // The report ended only after its last signal was delivered.
      expect(signalDeliveredAt(events, 'progressSignedOff')).toBeLessThan(events.length - 1);

      await env.sleep('1 hour');
      const recorded = (await store.readStream<TargetEvent>(targetWorkflowId(facts.taskId))).filter((e) => e.type === 'ProgressRecorded');
      expect(recorded.map((e) => e.data.period)).toEqual([`${year}-01`]);
      await recordHistory(report, 'report-signoff-answers-first');
      await target.terminate('test done');
      await endSupervisionNotices(env, facts.taskId);
    });
  });
});
