import {
  addWorkingDays,
  assertNever,
  evolve,
  findStage,
  initialReportState,
  withAttachments,
  type OpenUrge,
  type ReportEvent,
  type ReportState,
} from '@ledger/domain';
import type { OpenUrgeView, ReportHistoryEntry, ReportRow } from './entities';

/** The report view as plain data (timestamps as ISO strings), folded event by event. */
export type ReportView = Omit<ReportRow, 'updatedAt' | 'stageEnteredAt' | 'stageDueAt'> & {
  updatedAt: string;
  stageEnteredAt: string | null;
  stageDueAt: string | null;
};

/** A report event with who did it and in which role, as the store records it (a `RecordedEvent<ReportEvent>` is one). */
export type ReportEventBy = ReportEvent & { metadata: { actorId: string; role: string } };

/**
 * Pure: the view after one event. Unknown reports (events before submission) stay unknown.
 * The view passed in is left as it was: the event is applied to a copy of it.
 */
export function foldReportView(view: ReportView | undefined, event: ReportEventBy): ReportView | undefined {
  return applyReportEvent(view && copyOfView(view), event);
}

/**
 * The view after one event, for a caller that owns the view (a replay holding views in memory
 * that nobody else sees): changes `view` itself instead of copying it, which matters when
 * millions of events are folded. Only a submission makes a new view.
 *
 * Where the report stands (status, stage, who may act, delegations, open urges, timers, whether
 * it was opened) is the domain's `evolve`, the rules the workflow runs; the view adds only what
 * a reader needs besides: the timeline, the revisions, the stage's due time and who urged.
 */
export function applyReportEvent(view: ReportView | undefined, event: ReportEventBy): ReportView | undefined {
  const state = evolve(view ? stateOf(view) : initialReportState, event);
  if (state.status === 'empty') return undefined;
  const shown = event.type === 'ReportSubmitted' || !view ? filedView(state) : view;
  shown.updatedAt = event.data.at;
  shown.history.push(historyEntry(event));
  if (event.type === 'ReportSubmitted' || event.type === 'ReportResubmitted') {
    const { revision, at, values, narrative, attachments } = event.data;
    shown.revisions.push({ revision, at, values, narrative, ...withAttachments(attachments) });
  }
  return show(shown, state, event);
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

type Filed = Exclude<ReportState, { status: 'empty' }>;

/** A view for a report just submitted: its timeline and revisions start empty, `show` fills in the rest. */
function filedView(state: Filed): ReportView {
  return {
    id: state.reportId,
    planId: state.planId,
    taskId: state.taskId,
    period: state.period,
    unitId: state.unitId,
    status: state.status,
    stage: null,
    revision: state.revision,
    values: state.values,
    narrative: state.narrative,
    history: [],
    submittedBy: state.submittedBy,
    updatedAt: '',
    chain: state.chain,
    countersignUnit: state.countersignUnit ?? null,
    revisions: [],
    stageEnteredAt: null,
    stageDueAt: null,
    overdue: false,
    escalated: false,
    opened: false,
    assignee: null,
    delegations: {},
    openUrges: [],
  };
}

/**
 * The domain state a view shows, for `evolve` to fold the next event into. The view keeps all of
 * it that a later event's state depends on. What it does not keep steers only the workflow's own
 * decisions, and `evolve` derives nothing else from it: whether this visit of the stage was
 * already opened, whether its reminder went out, the reason of a rejection (the timeline has it),
 * and who took part at which stage (separation of duties; the timeline has that too).
 */
function stateOf(view: ReportView): Filed {
  // Each state built in one literal, not spread from a shared part: this runs for every event
  // a rebuild folds, and spreading made it the rebuild's slowest step.
  const { id: reportId, planId, taskId, period, unitId, submittedBy, revision, values, narrative, chain } = view;
  const countersignUnit = view.countersignUnit ?? undefined;
  switch (view.status) {
    case 'in_review':
      return {
        status: 'in_review',
        reportId,
        planId,
        taskId,
        period,
        unitId,
        countersignUnit,
        submittedBy,
        revision,
        values,
        narrative,
        chain,
        submitters: [submittedBy],
        participants: {},
        stage: view.stage ?? '',
        stageEnteredAt: view.stageEnteredAt ?? '',
        opened: view.opened,
        stageOpened: false,
        assignee: view.assignee ?? undefined,
        delegations: view.delegations,
        urges: view.openUrges.map(({ urgeId, urgedRole, urgedUnitId }) => ({ urgeId, urgedRole, urgedUnitId })),
        timers: { reminded: false, overdue: view.overdue, escalated: view.escalated },
      };
    case 'returned':
      return {
        status: 'returned',
        reportId,
        planId,
        taskId,
        period,
        unitId,
        countersignUnit,
        submittedBy,
        revision,
        values,
        narrative,
        chain,
        submitters: [submittedBy],
        participants: {},
        reason: '',
      };
    case 'withdrawn':
    case 'signed_off':
      return {
        status: view.status,
        reportId,
        planId,
        taskId,
        period,
        unitId,
        countersignUnit,
        submittedBy,
        revision,
        values,
        narrative,
        chain,
        submitters: [submittedBy],
        participants: {},
      };
    default:
      return assertNever(view.status);
  }
}

/** Copies the state into the view: where the report stands is exactly what `evolve` says. */
function show(view: ReportView, state: Filed, event: ReportEventBy): ReportView {
  view.status = state.status;
  view.planId = state.planId;
  view.taskId = state.taskId;
  view.period = state.period;
  view.unitId = state.unitId;
  view.countersignUnit = state.countersignUnit ?? null;
  view.submittedBy = state.submittedBy;
  view.revision = state.revision;
  view.values = state.values;
  view.narrative = state.narrative;
  view.chain = state.chain;
  switch (state.status) {
    case 'in_review': {
      if (view.stage !== state.stage || view.stageEnteredAt !== state.stageEnteredAt) {
        const stage = findStage(state.chain, state.stage);
        // stageDeadlines(at, sla).dueAt, without working out the reminder and escalation times too.
        view.stageDueAt = stage ? addWorkingDays(state.stageEnteredAt, stage.slaWorkingDays) : null;
      }
      view.stage = state.stage;
      view.stageEnteredAt = state.stageEnteredAt;
      view.opened = state.opened;
      view.overdue = state.timers.overdue;
      view.escalated = state.timers.escalated;
      view.assignee = state.assignee ?? null;
      view.delegations = state.delegations;
      view.openUrges = state.urges.map((urge) => view.openUrges.find((open) => open.urgeId === urge.urgeId) ?? urgeShown(urge, event));
      return view;
    }
    case 'returned':
    case 'withdrawn':
    case 'signed_off':
      // Out of the chain. `opened` stays as it was when the report left review.
      view.stage = null;
      view.stageEnteredAt = null;
      view.stageDueAt = null;
      view.overdue = false;
      view.escalated = false;
      view.assignee = null;
      view.delegations = {};
      view.openUrges = [];
      return view;
    default:
      return assertNever(state);
  }
}

/** An urge the state has just opened, as the view shows it: when and by whom, and the message. */
function urgeShown(urge: OpenUrge, event: ReportEventBy): OpenUrgeView {
  const message = event.type === 'ReportUrged' ? event.data.message : undefined;
  return withDetails({ urgeId: urge.urgeId, at: event.data.at, urgedRole: urge.urgedRole, byActorId: event.metadata.actorId }, undefined, {
    urgedUnitId: urge.urgedUnitId,
    message,
  });
}

/** The timeline's entry for an event: who did it, at which stage, and the details it carried. */
function historyEntry(event: ReportEventBy): ReportHistoryEntry {
  const entry: ReportHistoryEntry = { type: event.type, at: event.data.at, actorId: event.metadata.actorId, role: event.metadata.role };
  switch (event.type) {
    case 'ReportSubmitted':
      entry.stage = event.data.stage;
      entry.revision = event.data.revision;
      return entry;
    case 'ReportResubmitted':
      return withDetails(entry, event.data.stage, { revision: event.data.revision });
    case 'ReportOpened':
      return withDetails(entry, event.data.stage, { onBehalfOf: event.data.onBehalfOf });
    case 'ReportCountersigned':
      return withDetails(entry, event.data.stage, { comment: event.data.comment });
    case 'ReportApproved':
      return withDetails(entry, event.data.stage, { comment: event.data.comment, onBehalfOf: event.data.onBehalfOf });
    case 'ReportReturned':
      return withDetails(entry, event.data.stage, {
        toStage: event.data.toStage,
        comment: event.data.reason,
        onBehalfOf: event.data.onBehalfOf,
      });
    case 'ReportRejected':
      return withDetails(entry, event.data.stage, { comment: event.data.reason, onBehalfOf: event.data.onBehalfOf });
    case 'ReportWithdrawn':
      return withDetails(entry, undefined, { comment: event.data.reason });
    case 'ReportSignedOff':
      return withDetails(entry, event.data.stage, { comment: event.data.comment, onBehalfOf: event.data.onBehalfOf });
    case 'ReportUrged':
      return withDetails(entry, event.data.stage, { urgeId: event.data.urgeId, comment: event.data.message });
    case 'UrgeAcknowledged':
      return withDetails(entry, event.data.stage, { urgeId: event.data.urgeId });
    case 'ReportTransferred':
      return withDetails(entry, event.data.stage, { toActorId: event.data.toActorId });
    case 'ReportDelegated':
      return withDetails(entry, event.data.stage, { toActorId: event.data.delegateId });
    case 'ReportReclaimed':
      return withDetails(entry, event.data.stage, { fromActorId: event.data.fromActorId });
    case 'StageReminderSent':
    case 'StageOverdue':
      return withDetails(entry, event.data.stage, {});
    case 'StageEscalated':
      return withDetails(entry, event.data.stage, { comment: event.data.escalatedTo });
    default:
      return assertNever(event);
  }
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
