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
 * The view passed in is left as it was: the event is applied to a copy of it.
 */
export function foldReportView(
  view: ReportView | undefined,
  event: ReportEvent,
  by: { actorId: string; role: string },
): ReportView | undefined {
  return applyReportEvent(view && copyOfView(view), event, by);
}

/**
 * The view after one event, for a caller that owns the view (a replay holding views in memory
 * that nobody else sees): changes `view` itself instead of copying it, which matters when
 * millions of events are folded. Only a submission makes a new view.
 */
export function applyReportEvent(
  view: ReportView | undefined,
  event: ReportEvent,
  by: { actorId: string; role: string },
): ReportView | undefined {
  const entry: ReportHistoryEntry = { type: event.type, at: event.data.at, actorId: by.actorId, role: by.role };
  if (event.type === 'ReportSubmitted') {
    const d = event.data;
    entry.stage = d.stage;
    entry.revision = d.revision;
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
        history: [entry],
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
  view.updatedAt = event.data.at;
  switch (event.type) {
    case 'ReportResubmitted': {
      const d = event.data;
      view.status = 'in_review';
      view.revision = d.revision;
      view.values = d.values;
      view.narrative = d.narrative;
      view.submittedBy = by.actorId;
      view.opened = false;
      view.revisions.push({ revision: d.revision, at: d.at, values: d.values, narrative: d.narrative });
      view.history.push(withDetails(entry, d.stage, { revision: d.revision }));
      return enterStage(view, d.stage, d.at);
    }
    case 'ReportOpened':
      view.opened = true;
      view.history.push(withDetails(entry, event.data.stage, { onBehalfOf: event.data.onBehalfOf }));
      return view;
    case 'ReportCountersigned':
    case 'ReportApproved': {
      const d = event.data;
      const onBehalfOf = event.type === 'ReportApproved' ? event.data.onBehalfOf : undefined;
      view.opened = true;
      view.history.push(withDetails(entry, d.stage, { comment: d.comment, onBehalfOf }));
      return enterStage(view, d.nextStage, d.at);
    }
    case 'ReportReturned': {
      const d = event.data;
      view.opened = true;
      view.history.push(withDetails(entry, d.stage, { toStage: d.toStage, comment: d.reason, onBehalfOf: d.onBehalfOf }));
      return enterStage(view, d.toStage, d.at);
    }
    case 'ReportRejected':
      view.status = 'returned';
      view.history.push(withDetails(entry, event.data.stage, { comment: event.data.reason, onBehalfOf: event.data.onBehalfOf }));
      return leave(view);
    case 'ReportWithdrawn':
      view.status = 'withdrawn';
      view.history.push(withDetails(entry, undefined, { comment: event.data.reason }));
      return leave(view);
    case 'ReportSignedOff':
      view.status = 'signed_off';
      view.history.push(withDetails(entry, event.data.stage, { comment: event.data.comment, onBehalfOf: event.data.onBehalfOf }));
      return leave(view);
    case 'ReportUrged': {
      const { urgeId, urgedRole, urgedUnitId, message, stage } = event.data;
      view.openUrges.push(
        withDetails({ urgeId, at: event.data.at, urgedRole, byActorId: by.actorId }, undefined, { urgedUnitId, message }),
      );
      view.history.push(withDetails(entry, stage, { urgeId, comment: message }));
      return view;
    }
    case 'UrgeAcknowledged':
      view.openUrges = view.openUrges.filter((urge) => urge.urgeId !== event.data.urgeId);
      view.history.push(withDetails(entry, event.data.stage, { urgeId: event.data.urgeId }));
      return view;
    case 'ReportTransferred':
      view.assignee = event.data.toActorId;
      view.delegations = {};
      view.history.push(withDetails(entry, event.data.stage, { toActorId: event.data.toActorId }));
      return view;
    case 'ReportDelegated':
      view.delegations[event.data.delegateId] = event.data.delegatorId;
      view.history.push(withDetails(entry, event.data.stage, { toActorId: event.data.delegateId }));
      return view;
    case 'StageReminderSent':
      view.history.push(withDetails(entry, event.data.stage, {}));
      return view;
    case 'StageOverdue':
      view.overdue = true;
      view.history.push(withDetails(entry, event.data.stage, {}));
      return view;
    case 'StageEscalated':
      view.escalated = true;
      view.history.push(withDetails(entry, event.data.stage, { comment: event.data.escalatedTo }));
      return view;
  }
}

/** A copy whose fields and lists can be changed without touching the original (entries are never changed, only added). */
function copyOfView(view: ReportView): ReportView {
  return {
    ...view,
    history: view.history.slice(),
    revisions: view.revisions.slice(),
    openUrges: view.openUrges.slice(),
    delegations: { ...view.delegations },
  };
}

/** Puts a view into a stage: a fresh clock, no hand-overs, no open urges. */
function enterStage(view: ReportView, stageId: string, at: string): ReportView {
  const stage = findStage(view.chain, stageId);
  view.stage = stageId;
  view.stageEnteredAt = at;
  // stageDeadlines(at, sla).dueAt, without working out the reminder and escalation times too.
  view.stageDueAt = stage ? addWorkingDays(at, stage.slaWorkingDays) : null;
  return clearStageState(view);
}

/** Takes a view out of the chain (returned, withdrawn or signed off). */
function leave(view: ReportView): ReportView {
  view.stage = null;
  view.stageEnteredAt = null;
  view.stageDueAt = null;
  return clearStageState(view);
}

function clearStageState(view: ReportView): ReportView {
  view.overdue = false;
  view.escalated = false;
  view.assignee = null;
  view.delegations = {};
  view.openUrges = [];
  return view;
}

/**
 * The entry with its stage and the details that are set, in that order; a detail left undefined
 * is not added at all, so stored JSON and a rebuild compare equal.
 */
function withDetails<T extends object>(entry: T, stage: string | undefined, details: Partial<Record<string, string | number>>): T {
  const target = entry as Record<string, unknown>;
  if (stage !== undefined) target.stage = stage;
  for (const key in details) if (details[key] !== undefined) target[key] = details[key];
  return entry;
}
