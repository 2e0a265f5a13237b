import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { endOfCstDay, type TargetEvent, type TargetFacts } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import {
  periodDeadlineExtendedSignal,
  progressSignedOffSignal,
  reportFiledSignal,
  targetStateQuery,
  targetWorkflow,
  targetWorkflowId,
} from '@ledger/workflows';
import { endSupervisionNotices, timeSkippingSuite, timeSkippingWorker, nextYearTask } from '../support/time-skipping';

describe('task supervision over a plan year, with the SDK time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  timeSkippingSuite('supervision', (suite) => ({ env, store } = suite));

  it('opens periods, reminds and records 逾期未报, records progress, 进度滞后 and 已完成', async () => {
    // A plan for next year, so the whole year lies ahead of the test server's clock.
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    const planId = `plan-${randomUUID().slice(0, 8)}`;
    const facts: TargetFacts = {
      planId,
      taskId: `${planId}-P01`,
      year,
      leadUnits: ['edu'],
      indicators: [
        { id: 'P01-1', kind: 'cumulative', target: 1000, comparator: '>=' },
        { id: 'P01-2', kind: 'cumulative', target: 100, comparator: '>=' },
      ],
    };
    const workflowId = targetWorkflowId(facts.taskId);
    const taskQueue = `supervision-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const events = async () => (await store.readStream<TargetEvent>(workflowId)).map((e) => [e.type, e.data.period]);
    const sleepUntil = async (iso: string) => env.sleep(Date.parse(iso) - (await env.currentTimeMs()));

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(targetWorkflow, {
        workflowId,
        taskQueue,
        args: [{ facts, calendar: { period: 'monthly', deadlineDay: 25 } }],
      });
      const firstRun = handle.firstExecutionRunId;

      await sleepUntil(`${year}-01-10T00:00:00+08:00`);
      expect(await events()).toEqual([['ReportingPeriodOpened', `${year}-01`]]);

      // January is reported in time; February is not.
      await handle.signal(reportFiledSignal, { reportId: 'r-jan', period: `${year}-01`, withdrawn: false });
      await sleepUntil(`${year}-03-27T00:00:00+08:00`);
      expect(await events()).toEqual([
        ['ReportingPeriodOpened', `${year}-01`],
        ['ReportingPeriodOpened', `${year}-02`],
        ['ReportingPeriodOpened', `${year}-03`],
        ['ReportReminderIssued', `${year}-02`],
        ['PeriodReportMissing', `${year}-02`],
      ]);

      // March signed off far behind schedule (序时进度 at the end of March ≈ 24.7 %).
      await handle.signal(progressSignedOffSignal, {
        reportId: 'r-mar',
        period: `${year}-03`,
        values: [
          { indicatorId: 'P01-1', value: 50 },
          { indicatorId: 'P01-2', value: 5 },
        ],
      });
      await env.sleep('1 hour');
      const [recorded, behind] = (await store.readStream(workflowId)).slice(5);
      expect(recorded).toMatchObject({ type: 'ProgressRecorded', data: { period: `${year}-03`, taskPercent: 5, schedulePercent: 24.66 } });
      expect(behind).toMatchObject({ type: 'TaskFellBehind', data: { period: `${year}-03`, taskPercent: 5, tolerance: 10 } });

      // April meets both targets: completed.
      await handle.signal(progressSignedOffSignal, {
        reportId: 'r-apr',
        period: `${year}-04`,
        values: [
          { indicatorId: 'P01-1', value: 1000 },
          { indicatorId: 'P01-2', value: 120 },
        ],
      });
      await env.sleep('1 hour');
      expect((await events()).slice(-2)).toEqual([
        ['ProgressRecorded', `${year}-04`],
        ['TaskCompleted', `${year}-04`],
      ]);

      // Each period ran in its own run (continue-as-new) and the stream stayed gapless.
      const latest = env.client.workflow.getHandle(workflowId);
      expect((await latest.describe()).runId).not.toBe(firstRun);
      expect((await latest.query(targetStateQuery)).periodIndex).toBe(3); // January, February, March opened
      expect((await store.readStream(workflowId)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await latest.terminate('test done');
      await endSupervisionNotices(env, facts.taskId);
    });
  });

  it('moves the reminder and 逾期未报 of a period to the deadline an approved extension gives', async () => {
    const { year, facts } = await nextYearTask(env, 'P02', 10);
    const workflowId = targetWorkflowId(facts.taskId);
    const taskQueue = `supervision-extension-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const sleepUntil = async (iso: string) => env.sleep(Date.parse(iso) - (await env.currentTimeMs()));
    const january = async () =>
      (await store.readStream<TargetEvent>(workflowId)).filter((e) => e.type !== 'ReportingPeriodOpened' && e.data.period === `${year}-01`);

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(targetWorkflow, {
        workflowId,
        taskQueue,
        args: [{ facts, calendar: { period: 'monthly', deadlineDay: 25 } }],
      });
      // January's report is due February 25; the office grants until March 10.
      await sleepUntil(`${year}-02-10T12:00:00+08:00`);
      await handle.signal(periodDeadlineExtendedSignal, {
        taskId: facts.taskId,
        period: `${year}-01`,
        until: `${year}-03-10`,
        extensionId: 'e1',
      });
      await sleepUntil(`${year}-03-01T12:00:00+08:00`);
      expect(await january()).toEqual([]);

      await sleepUntil(`${year}-03-11T12:00:00+08:00`);
      expect((await january()).map((e) => [e.type, 'deadline' in e.data ? e.data.deadline : undefined])).toEqual([
        ['ReportReminderIssued', endOfCstDay(`${year}-03-10`)],
        ['PeriodReportMissing', endOfCstDay(`${year}-03-10`)],
      ]);
      const [reminder, missing] = await january();
      expect(Date.parse(reminder!.data.at)).toBeGreaterThanOrEqual(Date.parse(`${year}-03-07T00:00:00+08:00`));
      expect(Date.parse(missing!.data.at)).toBeGreaterThan(Date.parse(endOfCstDay(`${year}-03-10`)));
      await handle.terminate('test done');
      await endSupervisionNotices(env, facts.taskId);
    });
  });
});
