import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { SYSTEM_ACTOR, type Actor, type NoticeEvent } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import {
  acknowledgeNoticeUpdate,
  closeNoticeUpdate,
  issueNoticeUpdate,
  noticeSupervisionSignal,
  noticeSummaryQuery,
  noticeWorkflow,
  respondNoticeUpdate,
} from '@ledger/workflows';
import { recordHistory } from '../support/histories';
import { timeSkippingSuite, timeSkippingWorker } from '../support/time-skipping';

const unit: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const task = { planId: 'p', taskId: 'p-P01', leadUnits: ['edu'] };

/** The 督办单 workflow on the SDK's time-skipping server, over a real event store. */
describe('a supervision notice as a workflow', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  timeSkippingSuite('notices', (suite) => ({ env, store } = suite));

  const types = async (noticeId: string) => (await store.readStream(`notice-${noticeId}`)).map((event) => event.type);

  it('rises from yellow to red when nobody signs for it, then walks 签收 → 整改反馈 → 销号; a second close is refused', async () => {
    const taskQueue = `notices-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const noticeId = randomUUID();
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(noticeWorkflow, { workflowId: `notice-${noticeId}`, taskQueue, args: [{ noticeId }] });
      const issued = await handle.executeUpdate(issueNoticeUpdate, {
        args: [
          { actor: coordinator, correlationId: 'c1', task, level: 'yellow', cause: 'manual', matter: '请说明进度滞后原因', periods: [] },
        ],
      });
      expect(issued).toMatchObject({ status: 'issued', level: 'yellow', unitIds: ['edu'] });

      // The unit does not sign within a working day (four calendar days cover any weekend or holiday).
      await env.sleep('4 days');
      expect(await types(noticeId)).toEqual(['NoticeIssued', 'NoticeEscalated']);
      const [, escalated] = await store.readStream(`notice-${noticeId}`);
      expect(escalated!.data).toMatchObject({ deadline: 'acknowledge', from: 'yellow', to: 'red' });
      expect(escalated!.metadata).toMatchObject({ actorId: 'system' });
      expect(await handle.query(noticeSummaryQuery)).toMatchObject({ level: 'red', status: 'issued' });

      await handle.executeUpdate(acknowledgeNoticeUpdate, { args: [{ actor: unit, correlationId: 'c2' }] });
      await handle.executeUpdate(respondNoticeUpdate, {
        args: [{ actor: unit, correlationId: 'c3', measures: '已完成采购招标', expectedBy: '2099-12-31', evidence: [] }],
      });
      // Two supervisors close at once: one closes it, the other is refused and leaves no event.
      const closes = await Promise.allSettled([
        handle.executeUpdate(closeNoticeUpdate, { args: [{ actor: coordinator, correlationId: 'c4', comment: '核查属实' }] }),
        handle.executeUpdate(closeNoticeUpdate, { args: [{ actor: office, correlationId: 'c5' }] }),
      ]);
      expect(closes.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
      const refused = closes.find((c) => c.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refused.reason.cause as { type?: string }).type).toBe('invalid_state');

      expect(await handle.result()).toMatchObject({ status: 'closed', level: 'red' });
      expect(await types(noticeId)).toEqual(['NoticeIssued', 'NoticeEscalated', 'NoticeAcknowledged', 'NoticeResponded', 'NoticeClosed']);
    });
  });

  it('refuses a unit that is not the notice’s, leaving no event', async () => {
    const taskQueue = `notices-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const noticeId = randomUUID();
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(noticeWorkflow, { workflowId: `notice-${noticeId}`, taskQueue, args: [{ noticeId }] });
      await handle.executeUpdate(issueNoticeUpdate, {
        args: [{ actor: office, correlationId: 'c1', task, level: 'blue', cause: 'manual', matter: '请按时报送', periods: [] }],
      });
      const other: Actor = { actorId: 'u-hrss', role: 'submitter', unitId: 'hrss' };
      await expect(handle.executeUpdate(acknowledgeNoticeUpdate, { args: [{ actor: other, correlationId: 'c2' }] })).rejects.toMatchObject({
        cause: { type: 'forbidden' },
      });
      expect(await types(noticeId)).toEqual(['NoticeIssued']);
      await handle.terminate('test done');
    });
  });

  it('issued by supervision at start: collects a later missing period, and is marked 可销号 when the reports are signed off', async () => {
    const taskQueue = `notices-${randomUUID()}`;
    const noticeId = `p-P01.report_missing.1-${randomUUID()}`;
    // Supervision's word and the unit's 签收 reach the server before any worker has run the notice, so the
    // first workflow task carries them with the start: they must find the notice already issued.
    const handle = await env.client.workflow.start(noticeWorkflow, {
      workflowId: `notice-${noticeId}`,
      taskQueue,
      args: [
        {
          noticeId,
          issue: {
            actor: SYSTEM_ACTOR,
            correlationId: 'target',
            task,
            level: 'red',
            cause: 'report_missing',
            matter: '逾期未报',
            periods: ['2025-06'],
          },
        },
      ],
    });
    await handle.signal(noticeSupervisionSignal, { kind: 'add_period', period: '2025-07' });
    await handle.signal(noticeSupervisionSignal, { kind: 'add_period', period: '2025-07' });
    await handle.signal(noticeSupervisionSignal, { kind: 'clear_cause', detail: '2025年6月、2025年7月报告已签发' });
    const acknowledged = handle.executeUpdate(acknowledgeNoticeUpdate, { args: [{ actor: unit, correlationId: 'c2' }] });
    const worker = await timeSkippingWorker(env, taskQueue, store);
    await worker.runUntil(async () => {
      const summary = await acknowledged;
      expect(summary).toMatchObject({ periods: ['2025-06', '2025-07'], causeCleared: true, status: 'acknowledged' });
      const events = await store.readStream<NoticeEvent>(`notice-${noticeId}`);
      expect(events.map((e) => e.type)).toEqual(['NoticeIssued', 'NoticePeriodAdded', 'NoticeCauseCleared', 'NoticeAcknowledged']);
      // 可销号 lets the office close it without an answer; closing stays a person's act.
      await handle.executeUpdate(closeNoticeUpdate, { args: [{ actor: office, correlationId: 'c3', comment: '已补报' }] });
      expect(await handle.result()).toMatchObject({ status: 'closed' });
      await recordHistory(handle, 'notice-issued-by-supervision-told-with-start');
    });
  });
});
