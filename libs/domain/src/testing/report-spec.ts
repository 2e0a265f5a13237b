import type { ReportCommand } from '../report/commands';
import { decide } from '../report/decide';
import type { ReportEvent } from '../report/events';
import { evolve, initialReportState, type ReportState } from '../report/state';
import { deciderSpec } from './decider-spec';

/** A past event and who did it (the actor is metadata, not payload). */
export interface Given {
  event: ReportEvent;
  actorId: string;
}

/** Given past report events (with who did them), when a command arrives, then… (see deciderSpec). */
export function givenReport(...history: Given[]) {
  const state: ReportState = history.reduce(
    (current, { event, actorId }) => evolve(current, { ...event, metadata: { actorId } }),
    initialReportState,
  );
  return deciderSpec(state, (command: ReportCommand, current: ReportState) => decide(command, current));
}
