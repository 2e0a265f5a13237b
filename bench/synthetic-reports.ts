import { randomUUID } from 'node:crypto';
import { chainForTask, DEFAULT_CHAIN, reportStreamId, type ReportEvent } from '@ledger/domain';
import type { NewEvent } from '@ledger/event-store';

/** A task reports are written for: its id, plan, lead units and indicators. */
export interface SyntheticTask {
  planId: string;
  taskId: string;
  leadUnits: string[];
  indicatorIds: string[];
}

export interface SyntheticReport {
  streamId: string;
  reportId: string;
  events: NewEvent[];
}

const COORDINATOR = 'acct-coordinator';
const OFFICE = 'acct-office';

/**
 * The events of one report's life as the workflow writes them, without the workflow: a plain
 * run (submit, approve, sign off), a rejection and resubmission, an urge and a transfer, or a
 * withdrawal — chosen by `variant`. For benchmarks and projection tests that need many reports
 * quickly; the shapes are the domain's own event types.
 */
export function syntheticReport(task: SyntheticTask, period: string, variant: number, startMs: number): SyntheticReport {
  const reportId = randomUUID();
  const chain = chainForTask(DEFAULT_CHAIN, task.leadUnits);
  const unitId = task.leadUnits[0]!;
  const countersignUnit = task.leadUnits[1];
  const first = chain.stages[0]!.id;
  let clock = startMs;
  const at = () => new Date((clock += 3_600_000)).toISOString();
  const values = (scale: number) => task.indicatorIds.map((indicatorId, i) => ({ indicatorId, value: Math.round((i + 1) * 100 * scale) }));
  const events: Array<{ event: ReportEvent; actorId: string; role: string; unitId: string | null }> = [];
  const by =
    (actorId: string, role: string, unit: string | null = null) =>
    (event: ReportEvent) =>
      events.push({ event, actorId, role, unitId: unit });
  const unit = by(`acct-${unitId}`, 'submitter', unitId);
  const coordinator = by(COORDINATOR, 'coordinator');
  const office = by(OFFICE, 'office');

  const month = Number(period.slice(5, 7));
  unit({
    type: 'ReportSubmitted',
    data: {
      reportId,
      at: at(),
      planId: task.planId,
      taskId: task.taskId,
      period,
      unitId,
      countersignUnit,
      revision: 1,
      values: values(month),
      narrative: '按计划推进',
      chain,
      stage: first,
    },
  });
  if (variant % 7 === 6) {
    unit({ type: 'ReportWithdrawn', data: { reportId, at: at(), reason: '数据有误，撤回' } });
    return finish(reportId, events);
  }
  let revision = 1;
  if (countersignUnit) {
    by(
      `acct-${countersignUnit}`,
      'submitter',
      countersignUnit,
    )({
      type: 'ReportCountersigned',
      data: { reportId, at: at(), stage: first, unitId: countersignUnit, nextStage: 'coordinator_review' },
    });
  }
  coordinator({ type: 'ReportOpened', data: { reportId, at: at(), stage: 'coordinator_review' } });
  if (variant % 3 === 1) {
    coordinator({ type: 'ReportRejected', data: { reportId, at: at(), stage: 'coordinator_review', reason: '数据与台账不符' } });
    revision = 2;
    unit({
      type: 'ReportResubmitted',
      data: { reportId, at: at(), revision, values: values(month * 1.01), narrative: '已核对', stage: first },
    });
    if (countersignUnit) {
      by(
        `acct-${countersignUnit}`,
        'submitter',
        countersignUnit,
      )({
        type: 'ReportCountersigned',
        data: { reportId, at: at(), stage: first, unitId: countersignUnit, nextStage: 'coordinator_review' },
      });
    }
  }
  if (variant % 5 === 2) {
    const urgeId = randomUUID();
    by('system', 'system')({ type: 'StageReminderSent', data: { reportId, at: at(), stage: 'coordinator_review', dueAt: at() } });
    coordinator({
      type: 'ReportUrged',
      data: { reportId, at: at(), stage: 'coordinator_review', urgeId, urgedRole: 'coordinator', message: '请尽快审核' },
    });
    coordinator({ type: 'UrgeAcknowledged', data: { reportId, at: at(), urgeId, stage: 'coordinator_review' } });
    coordinator({ type: 'ReportTransferred', data: { reportId, at: at(), stage: 'coordinator_review', toActorId: 'acct-coordinator-2' } });
  }
  coordinator({
    type: 'ReportApproved',
    data: { reportId, at: at(), stage: 'coordinator_review', nextStage: 'office_signoff', comment: '同意' },
  });
  office({
    type: 'ReportSignedOff',
    data: {
      reportId,
      at: at(),
      planId: task.planId,
      taskId: task.taskId,
      period,
      stage: 'office_signoff',
      revision,
      values: values(revision === 2 ? month * 1.01 : month),
    },
  });
  return finish(reportId, events);
}

function finish(
  reportId: string,
  events: Array<{ event: ReportEvent; actorId: string; role: string; unitId: string | null }>,
): SyntheticReport {
  return {
    reportId,
    streamId: reportStreamId(reportId),
    events: events.map(({ event, actorId, role, unitId }) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        actorId,
        role,
        unitId,
        correlationId: reportId,
        causationId: null,
        workflowId: reportStreamId(reportId),
        schemaVersion: 1,
      },
    })),
  };
}
