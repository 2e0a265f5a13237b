import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_CHAIN, reportStreamId, stageDeadlines, type Actor, type ReportEvent } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store';
import { approveUpdate, reportWorkflow, submitUpdate } from '@ledger/workflows';
import { timeSkippingSuite, timeSkippingWorker } from '../support/time-skipping';

const unit: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const task = { planId: 'p', taskId: 'p-P01', leadUnits: ['edu'], indicatorIds: ['P01-1'], year: 2025 };

describe('stage timers, with the SDK time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let store: PostgresEventStore;
  timeSkippingSuite('timers', (suite) => ({ env, store } = suite));

  it('records a reminder before the SLA, overdue at it and escalation after it, each once', async () => {
    const taskQueue = `timers-${randomUUID()}`;
    const worker = await timeSkippingWorker(env, taskQueue, store);
    const reportId = randomUUID();
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(reportWorkflow, { workflowId: `report-${reportId}`, taskQueue, args: [{ reportId }] });
      await handle.executeUpdate(submitUpdate, {
        args: [
          {
            actor: unit,
            correlationId: 'c1',
            task,
            period: '2025-06',
            values: [{ indicatorId: 'P01-1', value: 1 }],
            narrative: '',
            chain: DEFAULT_CHAIN,
          },
        ],
      });
      // Two weeks pass with nobody acting at the coordinator's stage.
      await env.sleep('14 days');
      const types = (await store.readStream(reportStreamId(reportId))).map((event) => event.type);
      expect(types).toEqual(['ReportSubmitted', 'StageReminderSent', 'StageOverdue', 'StageEscalated']);

      // Each timer fired no earlier than its moment, counted in working days from the stage's start.
      const [submitted, reminder, overdue, escalated] = await store.readStream<ReportEvent>(reportStreamId(reportId));
      const deadlines = stageDeadlines(submitted!.data.at, 3);
      expect(Date.parse(reminder!.data.at)).toBeGreaterThanOrEqual(Date.parse(deadlines.remindAt));
      expect(Date.parse(overdue!.data.at)).toBeGreaterThanOrEqual(Date.parse(deadlines.dueAt));
      expect(Date.parse(escalated!.data.at)).toBeGreaterThanOrEqual(Date.parse(deadlines.escalateAt));
      expect(escalated!.data).toMatchObject({ stage: 'coordinator_review', dueAt: deadlines.dueAt, escalatedTo: 'office' });
      expect(escalated!.metadata).toMatchObject({ actorId: 'system', role: 'system' });

      // Acting moves the report on; the new stage's timers start afresh.
      await handle.executeUpdate(approveUpdate, { args: [{ actor: coordinator, correlationId: 'c2' }] });
      await env.sleep('7 days');
      const later = (await store.readStream<ReportEvent>(reportStreamId(reportId))).map(({ type, data }) => [
        type,
        'stage' in data ? data.stage : undefined,
      ]);
      expect(later.slice(4)).toEqual([
        ['ReportApproved', 'coordinator_review'],
        ['StageReminderSent', 'office_signoff'],
        ['StageOverdue', 'office_signoff'],
        ['StageEscalated', 'office_signoff'],
      ]);
    });
  });
});
