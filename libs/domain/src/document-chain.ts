import type { Actor, Role } from './actors';

/**
 * The chains of the supervision documents (督办单, 催报, 延期申请, 领导批示) are plan data, as the
 * report's approval chain is (report/chain.ts): which stages a document walks, which roles act
 * at each, what they may do there, and in how many working days where a timer runs for it.
 * A kind fixes its actions and who could ever hold them (the plan catalogue checks a plan's
 * chain against that); a plan arranges them into stages and narrows the roles.
 */
export interface DocumentStage<A extends string> {
  id: string;
  name: string;
  roles: readonly Role[];
  actions: readonly A[];
  /** Working days the stage's holders have to act, for the stages a timer watches. */
  slaWorkingDays?: number;
}

/** A document kind's chain: its stages in order; each action of the kind belongs to one stage. */
export interface DocumentChain<A extends string> {
  stages: readonly DocumentStage<A>[];
}

/** The stage where `action` is done. */
export function stageOf<A extends string>(chain: DocumentChain<A>, action: A): DocumentStage<A> | undefined {
  return chain.stages.find((stage) => stage.actions.includes(action));
}

/** Whether the actor's role holds the stage where `action` is done. */
export function mayDo<A extends string>(chain: DocumentChain<A>, action: A, actor: Pick<Actor, 'role'>): boolean {
  const stage = stageOf(chain, action);
  return stage !== undefined && stage.roles.includes(actor.role as Role);
}

/** The working days the chain gives for `action`, the fallback where its stage names none. */
export function slaOf<A extends string>(chain: DocumentChain<A>, action: A, fallback: number): number {
  return stageOf(chain, action)?.slaWorkingDays ?? fallback;
}
