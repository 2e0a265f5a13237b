import { findStage, stageDeadlines, type ReportEvent } from '@ledger/domain';
import type { ReportHistoryEntry, ReportRow } from './entities';

/** The report view as plain data (timestamps as ISO strings), folded event by event. */
export type ReportView = Omit<ReportRow, 'updatedAt' | 'stageEnteredAt' | 'stageDueAt'> & {
  updatedAt: string;
  stageEnteredAt: string | null;
  stageDueAt: string | null;
};

/** Pure: the view after one event. Unknown reports (events before submission) stay unknown. */
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
  const next = { ...view, updatedAt: event.data.at };
  switch (event.type) {
    case 'ReportResubmitted': {
      const d = event.data;
      return enterStage(
        {
          ...next,
          status: 'in_review',
          revision: d.revision,
          values: d.values,
          narrative: d.narrative,
          submittedBy: by.actorId,
          opened: false,
          revisions: [...view.revisions, { revision: d.revision, at: d.at, values: d.values, narrative: d.narrative }],
          history: [...view.history, { ...entry, stage: d.stage, revision: d.revision }],
        },
        d.stage,
        d.at,
      );
    }
    case 'ReportOpened':
      return {
        ...next,
        opened: true,
        history: [...view.history, clean({ ...entry, stage: event.data.stage, onBehalfOf: event.data.onBehalfOf })],
      };
    case 'ReportCountersigned':
    case 'ReportApproved': {
      const d = event.data;
      const onBehalfOf = event.type === 'ReportApproved' ? event.data.onBehalfOf : undefined;
      return enterStage(
        { ...next, opened: true, history: [...view.history, clean({ ...entry, stage: d.stage, comment: d.comment, onBehalfOf })] },
        d.nextStage,
        d.at,
      );
    }
    case 'ReportReturned': {
      const d = event.data;
      return enterStage(
        {
          ...next,
          opened: true,
          history: [...view.history, clean({ ...entry, stage: d.stage, toStage: d.toStage, comment: d.reason, onBehalfOf: d.onBehalfOf })],
        },
        d.toStage,
        d.at,
      );
    }
    case 'ReportRejected':
      return leave({
        ...next,
        status: 'returned',
        history: [
          ...view.history,
          clean({ ...entry, stage: event.data.stage, comment: event.data.reason, onBehalfOf: event.data.onBehalfOf }),
        ],
      });
    case 'ReportWithdrawn':
      return leave({ ...next, status: 'withdrawn', history: [...view.history, clean({ ...entry, comment: event.data.reason })] });
    case 'ReportSignedOff':
      return leave({
        ...next,
        status: 'signed_off',
        history: [
          ...view.history,
          clean({ ...entry, stage: event.data.stage, comment: event.data.comment, onBehalfOf: event.data.onBehalfOf }),
        ],
      });
    case 'ReportUrged': {
      const { urgeId, urgedRole, urgedUnitId, message, stage } = event.data;
      return {
        ...next,
        openUrges: [...view.openUrges, clean({ urgeId, at: event.data.at, urgedRole, urgedUnitId, message, byActorId: by.actorId })],
        history: [...view.history, clean({ ...entry, stage, urgeId, comment: message })],
      };
    }
    case 'UrgeAcknowledged':
      return {
        ...next,
        openUrges: view.openUrges.filter((urge) => urge.urgeId !== event.data.urgeId),
        history: [...view.history, { ...entry, stage: event.data.stage, urgeId: event.data.urgeId }],
      };
    case 'ReportTransferred':
      return {
        ...next,
        assignee: event.data.toActorId,
        delegations: {},
        history: [...view.history, { ...entry, stage: event.data.stage, toActorId: event.data.toActorId }],
      };
    case 'ReportDelegated':
      return {
        ...next,
        delegations: { ...view.delegations, [event.data.delegateId]: event.data.delegatorId },
        history: [...view.history, { ...entry, stage: event.data.stage, toActorId: event.data.delegateId }],
      };
    case 'StageReminderSent':
      return { ...next, history: [...view.history, { ...entry, stage: event.data.stage }] };
    case 'StageOverdue':
      return { ...next, overdue: true, history: [...view.history, { ...entry, stage: event.data.stage }] };
    case 'StageEscalated':
      return {
        ...next,
        escalated: true,
        history: [...view.history, { ...entry, stage: event.data.stage, comment: event.data.escalatedTo }],
      };
  }
}

function enterStage(view: ReportView, stageId: string, at: string): ReportView {
  const stage = findStage(view.chain, stageId);
  const dueAt = stage ? stageDeadlines(at, stage.slaWorkingDays).dueAt : null;
  return {
    ...view,
    stage: stageId,
    stageEnteredAt: at,
    stageDueAt: dueAt,
    overdue: false,
    escalated: false,
    assignee: null,
    delegations: {},
    openUrges: [],
  };
}

function leave(view: ReportView): ReportView {
  return {
    ...view,
    stage: null,
    stageEnteredAt: null,
    stageDueAt: null,
    overdue: false,
    escalated: false,
    assignee: null,
    delegations: {},
    openUrges: [],
  };
}

/** Drops undefined fields, so stored JSON and a rebuild compare equal. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
