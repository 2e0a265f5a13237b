import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_CHAIN, type Actor, type NoticeEvent } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import {
  acknowledgeNoticeUpdate,
  approveUpdate,
  rejectUpdate,
  resubmitUpdate,
  submitUpdate,
  closeNoticeUpdate,
  noticeWorkflowId,
  progressSignedOffSignal,
  reportFiledSignal,
  reportReturnedSignal,
  targetWorkflow,
  targetWorkflowId,
} from '@ledger/workflows';
import { endSupervisionNotices, timeSkippingSuite, timeSkippingWorker, nextYearTask, supervisedReport } from '../support/time-skipping';

const unit: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };

/** Supervision issues 督办单 by the plan's rules, on the SDK's time-skipping server over a real event store. */
jest.setTimeout(300_000);

describe('notices issued by task supervision', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  timeSkippingSuite('supervision-notices', (suite) => ({ env, store } = suite));

  it('blue before the deadline, red after it collecting the next missing month, 可销号 when signed off, yellow when behind', async () => {
    const { year, facts } = await nextYearTask(env, 'P01', 1000);
    const taskQueue = `supervision-notices-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const sleepUntil = async (iso: string) => env.sleep(Math.max(1, Date.parse(iso) - (await env.currentTimeMs())));
    const notice = (cause: string, n = 1) => `${facts.taskId}.${cause}.${n}`;
    const stream = (id: string) => store.readStream<NoticeEvent>(noticeWorkflowId(id));

    await worker.runUntil(async () => {
      await env.client.workflow.start(targetWorkflow, {
        workflowId: targetWorkflowId(facts.taskId),
        taskQueue,
        args: [{ facts, calendar: { period: 'monthly', deadlineDay: 25 } }],
      });

      // January's report is due by February 25 and nothing is filed: blue three days before.
      await sleepUntil(`${year}-02-23T12:00:00+08:00`);
      const blue = await stream(notice('deadline_near'));
      expect(blue.map((e) => e.type)).toEqual(['NoticeIssued']);
      expect(blue[0]!.data).toMatchObject({ level: 'blue', cause: 'deadline_near', periods: [`${year}-01`], unitIds: ['edu'] });
      expect(await stream(notice('report_missing'))).toEqual([]);

      // The deadline passes: red, for January.
      await sleepUntil(`${year}-02-27T12:00:00+08:00`);
      const red = await stream(notice('report_missing'));
      expect(red[0]).toMatchObject({ type: 'NoticeIssued', data: { level: 'red', periods: [`${year}-01`] } });

      // February goes unreported too: it joins the open red notice, no second red one.
      await sleepUntil(`${year}-03-27T12:00:00+08:00`);
      expect((await stream(notice('report_missing'))).filter((e) => e.type === 'NoticePeriodAdded').map((e) => e.data.period)).toEqual([
        `${year}-02`,
      ]);
      expect(await stream(notice('report_missing', 2))).toEqual([]);

      // Both months reported late and signed off: the red notice is 可销号, the blue one was settled by the filing.
      const target = env.client.workflow.getHandle(targetWorkflowId(facts.taskId));
      for (const [month, value] of [
        ['01', 50],
        ['02', 100],
      ] as const) {
        await target.signal(reportFiledSignal, { reportId: `r-${month}`, period: `${year}-${month}`, withdrawn: false });
        await target.signal(progressSignedOffSignal, {
          reportId: `r-${month}`,
          period: `${year}-${month}`,
          values: [{ indicatorId: 'P01-1', value }],
        });
      }
      await env.sleep('1 hour');
      expect((await stream(notice('report_missing'))).map((e) => e.type)).toContain('NoticeCauseCleared');
      expect((await stream(notice('deadline_near'))).map((e) => e.type)).toContain('NoticeCauseCleared');

      // February's progress (10 %) trails 序时进度 (≈ 16 %) by less than the tolerance; nothing yellow yet.
      expect(await stream(notice('behind_schedule'))).toEqual([]);
      // March signed off at 12 %, far behind ≈ 24.7 %: yellow.
      await target.signal(reportFiledSignal, { reportId: 'r-03', period: `${year}-03`, withdrawn: false });
      await target.signal(progressSignedOffSignal, {
        reportId: 'r-03',
        period: `${year}-03`,
        values: [{ indicatorId: 'P01-1', value: 120 }],
      });
      await env.sleep('1 hour');
      expect((await stream(notice('behind_schedule')))[0]).toMatchObject({
        type: 'NoticeIssued',
        data: { level: 'yellow', periods: [`${year}-03`] },
      });

      // The unit signs for the red notice and the office closes it (可销号): supervision may issue a new red one later.
      const redHandle = env.client.workflow.getHandle(noticeWorkflowId(notice('report_missing')));
      await redHandle.executeUpdate(acknowledgeNoticeUpdate, { args: [{ actor: unit, correlationId: 'c1' }] });
      await redHandle.executeUpdate(closeNoticeUpdate, { args: [{ actor: office, correlationId: 'c2', comment: '已补报' }] });
      await redHandle.result();
      // April goes unreported: a new red notice, for April alone.
      await sleepUntil(`${year}-05-27T12:00:00+08:00`);
      const second = await stream(notice('report_missing', 2));
      expect(second[0]).toMatchObject({ type: 'NoticeIssued', data: { level: 'red', periods: [`${year}-04`] } });
      await target.terminate('test done');
      await endSupervisionNotices(env, facts.taskId);
    });
  });

  it('yellow when a report of the task is sent back to the unit twice in a row, 可销号 once one is signed off', async () => {
    const { year, facts, task } = await nextYearTask(env, 'P02', 10);
    const taskQueue = `supervision-returns-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const returned = noticeWorkflowId(`${facts.taskId}.returned_twice.1`);
    const types = async () => (await store.readStream(returned)).map((event) => event.type);

    await worker.runUntil(async () => {
      const { target, report } = await supervisedReport(env, facts, year, taskQueue);
      const values = [{ indicatorId: 'P02-1', value: 1 }];
      await report.executeUpdate(submitUpdate, {
        args: [{ actor: unit, correlationId: 'c1', task, period: `${year}-01`, values, narrative: '', chain: DEFAULT_CHAIN }],
      });
      await report.executeUpdate(rejectUpdate, { args: [{ actor: coordinator, correlationId: 'c2', reason: '数据不实' }] });
      await env.sleep('1 hour');
      expect(await types()).toEqual([]);

      await report.executeUpdate(resubmitUpdate, { args: [{ actor: unit, correlationId: 'c3', task, values, narrative: '已核实' }] });
      await report.executeUpdate(rejectUpdate, { args: [{ actor: coordinator, correlationId: 'c4', reason: '仍不完整' }] });
      await env.sleep('1 hour');
      const [issued] = await store.readStream(returned);
      expect(issued).toMatchObject({ type: 'NoticeIssued', data: { level: 'yellow', cause: 'returned_twice', unitIds: ['edu'] } });

      await report.executeUpdate(resubmitUpdate, { args: [{ actor: unit, correlationId: 'c5', task, values, narrative: '已补全' }] });
      await report.executeUpdate(approveUpdate, { args: [{ actor: coordinator, correlationId: 'c6' }] });
      await report.executeUpdate(approveUpdate, { args: [{ actor: office, correlationId: 'c7' }] });
      await env.sleep('1 hour');
      expect(await types()).toContain('NoticeCauseCleared');
      await target.terminate('test done');
      await endSupervisionNotices(env, facts.taskId);
    });
  });

  it('does not count a return it hears of after that report’s sign-off (both waited for its first task)', async () => {
    const { year, facts } = await nextYearTask(env, 'P02', 10);
    const taskQueue = `supervision-late-return-${randomUUID()}`;
    const returned = noticeWorkflowId(`${facts.taskId}.returned_twice.1`);
    const first = randomUUID();
    const second = randomUUID();
    // Told before any worker runs the task's supervision, as a new run can be when reports move
    // while it starts: the SDK hands them over handler by handler, so the sign-off is heard first.
    const target = await env.client.workflow.start(targetWorkflow, {
      workflowId: targetWorkflowId(facts.taskId),
      taskQueue,
      args: [{ facts, calendar: { period: 'monthly', deadlineDay: 25 } }],
    });
    await target.signal(reportReturnedSignal, { reportId: first, period: `${year}-01`, revision: 1 });
    await target.signal(progressSignedOffSignal, { reportId: first, period: `${year}-01`, values: [{ indicatorId: 'P02-1', value: 1 }] });
    const worker = await timeSkippingWorker(env, taskQueue, store);
    await worker.runUntil(async () => {
      await env.sleep('1 hour');
      // One return since the sign-off is not two in a row.
      await target.signal(reportReturnedSignal, { reportId: second, period: `${year}-02`, revision: 1 });
      await env.sleep('1 hour');
      expect(await store.readStream(returned)).toEqual([]);

      await target.signal(reportReturnedSignal, { reportId: second, period: `${year}-02`, revision: 2 });
      await env.sleep('1 hour');
      const [issued] = await store.readStream(returned);
      expect(issued).toMatchObject({ type: 'NoticeIssued', data: { level: 'yellow', cause: 'returned_twice' } });
      await target.terminate('test done');
      await endSupervisionNotices(env, facts.taskId);
    });
  });
});
