import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import { DEFAULT_CHAIN, type Actor, type TargetEvent } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import {
  approveUpdate,
  noticeWorkflowId,
  rejectUpdate,
  resubmitUpdate,
  submitUpdate,
  targetStateQuery,
  targetWorkflowId,
  type AppendEventsInput,
} from '@ledger/workflows';
import { createActivities } from '../../apps/worker/src/activities';
import { recordHistory } from '../support/histories';
import { endSupervisionNotices, nextYearTask, supervisedReport, timeSkippingSuite, timeSkippingWorker } from '../support/time-skipping';

const unit: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };

jest.setTimeout(300_000);

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The inputs of the append activities a workflow scheduled, in order. */
function appendInputs(events: HistoryEvent[]): AppendEventsInput[] {
  return events
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'appendEvents')
    .map((e) => defaultPayloadConverter.fromPayload<AppendEventsInput>(e.activityTaskScheduledEventAttributes!.input!.payloads![0]));
}

/** The names of the signals a workflow received, in order. */
function signalsReceived(events: HistoryEvent[]): string[] {
  return events.flatMap((e) => e.workflowExecutionSignaledEventAttributes?.signalName ?? []);
}

/**
 * A report's operation answers once its own events are appended. The append activity tells the
 * task's supervision, so the report spends no workflow task on it, and supervision counts what it
 * is told once, even when a retried append tells it twice.
 */
describe('a report tells supervision through its appends', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  timeSkippingSuite('report_tells_supervision', (suite) => ({ env, store } = suite));

  it('signals nothing from the workflow; supervision hears of the filing and the sign-off and records the progress once', async () => {
    const { year, facts, task } = await nextYearTask(env, 'P03', 100);
    const taskQueue = `report-tells-supervision-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);

    await worker.runUntil(async () => {
      const { target, report, reportId } = await supervisedReport(env, facts, year, taskQueue);
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
      // No signal command, and one patch marker for the release (not one per earlier rule change).
      expect(events.filter((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes)).toEqual([]);
      expect(events.filter((e) => e.markerRecordedEventAttributes).map((e) => e.markerRecordedEventAttributes?.markerName)).toEqual([
        'core_patch',
      ]);
      // The submit's and the sign-off's appends carry what supervision is told.
      expect(appendInputs(events).map((input) => (input.signals ?? []).map((s) => [s.workflowId, s.signalName]))).toEqual([
        [[targetWorkflowId(facts.taskId), 'reportFiled']],
        [],
        [[targetWorkflowId(facts.taskId), 'progressSignedOff']],
      ]);

      await env.sleep('1 hour');
      // The filing ended January's watch (supervision went on as new); the sign-off reached the run after it.
      expect((await target.query(targetStateQuery)).state.filed).toEqual({ [reportId]: `${year}-01` });
      expect(signalsReceived((await target.fetchHistory()).events ?? [])).toEqual(['progressSignedOff']);
      const recorded = (await store.readStream<TargetEvent>(targetWorkflowId(facts.taskId))).filter((e) => e.type === 'ProgressRecorded');
      expect(recorded.map((e) => e.data.period)).toEqual([`${year}-01`]);
      await recordHistory(report, 'report-signoff-signals-on-append');
      await target.terminate('test done');
      await endSupervisionNotices(env, facts.taskId);
    });
  });

  it('counts a return told twice by a retried append once: two returns in a row still make the yellow notice', async () => {
    const { year, facts, task } = await nextYearTask(env, 'P02', 10);
    const taskQueue = `report-told-twice-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const activities = createActivities({ store, client: env.client, reportIdsOfTask: async () => [] });
    const returned = noticeWorkflowId(`${facts.taskId}.returned_twice.1`);

    await worker.runUntil(async () => {
      const { target, report } = await supervisedReport(env, facts, year, taskQueue);
      const values = [{ indicatorId: 'P02-1', value: 1 }];
      await report.executeUpdate(submitUpdate, {
        args: [{ actor: unit, correlationId: 'c1', task, period: `${year}-01`, values, narrative: '', chain: DEFAULT_CHAIN }],
      });
      await report.executeUpdate(rejectUpdate, { args: [{ actor: coordinator, correlationId: 'c2', reason: '数据不实' }] });

      // The rejection's append again, as a retry after a lost answer runs it: nothing new is
      // stored, and supervision is told of the same return a second time.
      const rejection = appendInputs((await report.fetchHistory()).events ?? [])[1];
      expect(rejection.signals?.map((s) => s.signalName)).toEqual(['reportReturned']);
      const before = (await store.readStream(report.workflowId)).length;
      await expect(activities.appendEvents(rejection)).resolves.toEqual({ nextVersion: before });
      expect(await store.readStream(report.workflowId)).toHaveLength(before);
      await env.sleep('1 hour');
      expect(signalsReceived((await target.fetchHistory()).events ?? []).filter((name) => name === 'reportReturned')).toHaveLength(2);
      expect(await store.readStream(returned)).toEqual([]);

      // A second return of its own makes two in a row.
      await report.executeUpdate(resubmitUpdate, { args: [{ actor: unit, correlationId: 'c3', task, values, narrative: '已核实' }] });
      await report.executeUpdate(rejectUpdate, { args: [{ actor: coordinator, correlationId: 'c4', reason: '仍不完整' }] });
      await env.sleep('1 hour');
      const [issued] = await store.readStream(returned);
      expect(issued).toMatchObject({ type: 'NoticeIssued', data: { level: 'yellow', cause: 'returned_twice' } });
      await report.terminate('test done');
      await target.terminate('test done');
      await endSupervisionNotices(env, facts.taskId);
    });
  });
});
