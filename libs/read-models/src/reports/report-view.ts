import { addWorkingDays, findStage, type ReportEvent } from '@ledger/domain';
import type { ReportHistoryEntry, ReportRow } from './entities';

/** The report view as plain data (timestamps as ISO strings), folded event by event. */
export type ReportView = Omit<ReportRow, 'updatedAt' | 'stageEnteredAt' | 'stageDueAt'> & {
  updatedAt: string;
  stageEnteredAt: string | null;
  stageDueAt: string | null;
};

/**
 * Pure: the view after one event. Unknown reports (events before submission) stay unknown.
 * Each event makes one new view (replays fold millions of events): the fields it changes are
 * spread over the previous view once.
 */
export function foldReportView(
  view: ReportView | undefined,
  event: ReportEvent,
  by: { actorId: string; role: string },
): ReportView | undefined {
  const entry: ReportHistoryEntry = { type: event.type, at: event.data.at, actorId: by.actorId, role: by.role };
  if (event.type === 'ReportSubmitted') {
    const d = event.data;
    return enterStage(
      {
        id: d.reportId,
        planId: d.planId,
        taskId: d.taskId,
        period: d.period,
        unitId: d.unitId,
        status: 'in_review',
        stage: d.stage,
        revision: d.revision,
        values: d.values,
        narrative: d.narrative,
        history: [{ ...entry, stage: d.stage, revision: d.revision }],
        submittedBy: by.actorId,
        updatedAt: d.at,
        chain: d.chain,
        countersignUnit: d.countersignUnit ?? null,
        revisions: [{ revision: d.revision, at: d.at, values: d.values, narrative: d.narrative }],
        stageEnteredAt: null,
        stageDueAt: null,
        overdue: false,
        escalated: false,
        opened: false,
        assignee: null,
        delegations: {},
        openUrges: [],
      },
      d.stage,
      d.at,
    );
  }
  if (!view) return undefined;
  const updatedAt = event.data.at;
  const history = (added: ReportHistoryEntry) => [...view.history, added];
  switch (event.type) {
    case 'ReportResubmitted': {
      const d = event.data;
      return enterStage(
        {
          ...view,
          updatedAt,
          status: 'in_review',
          revision: d.revision,
          values: d.values,
          narrative: d.narrative,
          submittedBy: by.actorId,
          opened: false,
          revisions: [...view.revisions, { revision: d.revision, at: d.at, values: d.values, narrative: d.narrative }],
          history: history({ ...entry, stage: d.stage, revision: d.revision }),
        },
        d.stage,
        d.at,
      );
    }
    case 'ReportOpened':
      return {
        ...view,
        updatedAt,
        opened: true,
        history: history(clean({ ...entry, stage: event.data.stage, onBehalfOf: event.data.onBehalfOf })),
      };
    case 'ReportCountersigned':
    case 'ReportApproved': {
      const d = event.data;
      const onBehalfOf = event.type === 'ReportApproved' ? event.data.onBehalfOf : undefined;
      return enterStage(
        {
          ...view,
          updatedAt,
          opened: true,
          history: history(clean({ ...entry, stage: d.stage, comment: d.comment, onBehalfOf })),
        },
        d.nextStage,
        d.at,
      );
    }
    case 'ReportReturned': {
      const d = event.data;
      return enterStage(
        {
          ...view,
          updatedAt,
          opened: true,
          history: history(clean({ ...entry, stage: d.stage, toStage: d.toStage, comment: d.reason, onBehalfOf: d.onBehalfOf })),
        },
        d.toStage,
        d.at,
      );
    }
    case 'ReportRejected':
      return leave({
        ...view,
        updatedAt,
        status: 'returned',
        history: history(clean({ ...entry, stage: event.data.stage, comment: event.data.reason, onBehalfOf: event.data.onBehalfOf })),
      });
    case 'ReportWithdrawn':
      return leave({ ...view, updatedAt, status: 'withdrawn', history: history(clean({ ...entry, comment: event.data.reason })) });
    case 'ReportSignedOff':
      return leave({
        ...view,
        updatedAt,
        status: 'signed_off',
        history: history(clean({ ...entry, stage: event.data.stage, comment: event.data.comment, onBehalfOf: event.data.onBehalfOf })),
      });
    case 'ReportUrged': {
      const { urgeId, urgedRole, urgedUnitId, message, stage } = event.data;
      return {
        ...view,
        updatedAt,
        openUrges: [...view.openUrges, clean({ urgeId, at: event.data.at, urgedRole, urgedUnitId, message, byActorId: by.actorId })],
        history: history(clean({ ...entry, stage, urgeId, comment: message })),
      };
    }
    case 'UrgeAcknowledged':
      return {
        ...view,
        updatedAt,
        openUrges: view.openUrges.filter((urge) => urge.urgeId !== event.data.urgeId),
        history: history({ ...entry, stage: event.data.stage, urgeId: event.data.urgeId }),
      };
    case 'ReportTransferred':
      return {
        ...view,
        updatedAt,
        assignee: event.data.toActorId,
        delegations: {},
        history: history({ ...entry, stage: event.data.stage, toActorId: event.data.toActorId }),
      };
    case 'ReportDelegated':
      return {
        ...view,
        updatedAt,
        delegations: { ...view.delegations, [event.data.delegateId]: event.data.delegatorId },
        history: history({ ...entry, stage: event.data.stage, toActorId: event.data.delegateId }),
      };
    case 'StageReminderSent':
      return { ...view, updatedAt, history: history({ ...entry, stage: event.data.stage }) };
    case 'StageOverdue':
      return { ...view, updatedAt, overdue: true, history: history({ ...entry, stage: event.data.stage }) };
    case 'StageEscalated':
      return {
        ...view,
        updatedAt,
        escalated: true,
        history: history({ ...entry, stage: event.data.stage, comment: event.data.escalatedTo }),
      };
  }
}

/**
 * Puts a view made for this event (never one passed in: the fold stays pure) into a stage: a
 * fresh clock, no hand-overs, no open urges. Setting fields in place is much cheaper than
 * spreading them over the view once more.
 */
function enterStage(fresh: ReportView, stageId: string, at: string): ReportView {
  const stage = findStage(fresh.chain, stageId);
  fresh.stage = stageId;
  fresh.stageEnteredAt = at;
  // stageDeadlines(at, sla).dueAt, without working out the reminder and escalation times too.
  fresh.stageDueAt = stage ? addWorkingDays(at, stage.slaWorkingDays) : null;
  return clearStageState(fresh);
}

/** A view made for this event, out of the chain (returned, withdrawn or signed off). */
function leave(fresh: ReportView): ReportView {
  fresh.stage = null;
  fresh.stageEnteredAt = null;
  fresh.stageDueAt = null;
  return clearStageState(fresh);
}

function clearStageState(fresh: ReportView): ReportView {
  fresh.overdue = false;
  fresh.escalated = false;
  fresh.assignee = null;
  fresh.delegations = {};
  fresh.openUrges = [];
  return fresh;
}

/** Drops undefined fields, so stored JSON and a rebuild compare equal. */
function clean<T extends object>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) result[key] = field;
  return result as T;
}
