import { deciderSpec } from './decider-spec';

/** `given(...history)` for one document kind whose state folds from its events alone (see deciderSpec). */
export function documentSpec<C, E, S>(rules: { initial: S; evolve(state: S, event: E): S; decide(command: C, state: S): E[] }) {
  return (...history: E[]) => deciderSpec(history.reduce(rules.evolve, rules.initial), rules.decide);
}
