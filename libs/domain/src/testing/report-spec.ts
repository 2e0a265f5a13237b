import type { ReportCommand } from '../report/commands';
import { decide } from '../report/decide';
import type { ReportEvent } from '../report/events';
import { ReportRuleViolation, type RuleViolationCode } from '../report/rules';
import { evolve, initialReportState, type ReportState } from '../report/state';

/** A past event and who did it (the actor is metadata, not payload). */
export interface Given {
  event: ReportEvent;
  actorId: string;
}

/**
 * Given past events, when a command arrives, then these events follow — or the command is
 * refused with this code. Pure: no framework, no database.
 */
export function givenReport(...history: Given[]) {
  const state: ReportState = history.reduce(
    (current, { event, actorId }) => evolve(current, { ...event, metadata: { actorId } }),
    initialReportState,
  );
  return {
    state,
    when(command: ReportCommand) {
      const run = () => decide(command, state);
      return {
        then(expected: ReportEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenRefused(code: RuleViolationCode, field?: string): void {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(ReportRuleViolation);
          expect((caught as ReportRuleViolation).code).toBe(code);
          if (field) expect((caught as ReportRuleViolation).problems.map((p) => p.field)).toContain(field);
        },
      };
    },
  };
}
