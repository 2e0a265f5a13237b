import { ReportRuleViolation, type RuleViolationCode } from '../report/rules';

/**
 * Given / when / then over one document kind's pure rules: given past events, when a command
 * arrives, then these events follow, or the command is refused with this code (naming this field).
 */
export function documentSpec<C, E, S>(rules: { initial: S; evolve(state: S, event: E): S; decide(command: C, state: S): E[] }) {
  return (...history: E[]) => {
    const state = history.reduce(rules.evolve, rules.initial);
    return {
      state,
      when(command: C) {
        const run = () => rules.decide(command, state);
        return {
          then: (expected: E[]) => expect(run()).toEqual(expected),
          thenRefused(code: RuleViolationCode, field?: string) {
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
  };
}
