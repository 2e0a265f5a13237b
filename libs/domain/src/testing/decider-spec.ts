import { ReportRuleViolation, type RuleViolationCode } from '../report/rules';

/**
 * Given a state folded from past events, when a command arrives, then these events follow — or
 * the command is refused with this code (and names this field). Pure: no framework, no database.
 * Each document kind wraps it with its own decide and fold (givenReport, the notice spec's given).
 */
export function deciderSpec<C, E, S>(state: S, decide: (command: C, state: S) => E[]) {
  return {
    state,
    when(command: C) {
      const run = () => decide(command, state);
      return {
        then(expected: E[]): void {
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
