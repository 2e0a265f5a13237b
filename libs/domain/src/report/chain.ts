import type { Role } from '../actors';

/** What may be done to a report waiting at a stage. */
export type StageAction = 'open' | 'approve' | 'countersign' | 'reject' | 'return' | 'urge' | 'transfer' | 'delegate';

/** One stage after the unit has submitted. */
export interface Stage {
  id: string;
  name: string;
  role: Role;
  slaWorkingDays: number;
  actions: StageAction[];
  /** A countersign stage belongs to the co-lead unit that did not submit (会签). */
  countersign?: boolean;
}

/** The chain is data: an ordered list of stages. The last stage signs off. */
export interface ApprovalChain {
  stages: Stage[];
  /**
   * Separation of duties (职责分离), on unless the chain says `false`: one person acts at one
   * stage of a report only, over its whole life (every revision, whatever route brought them
   * there: their role, a transfer, a delegation, or a role they held earlier), and a stage is
   * handed over (转办, 委托) only to a holder of the stage's own role who has acted at no other
   * stage and never submitted the report. So no one reviews and signs off the same report,
   * however the work was passed around. Turned off, hand-overs follow the rules from before
   * (a delegate may hold any reviewing role); reports whose workflows started before the rule
   * existed decide that way, so their recorded histories replay as they ran
   * (workflows/src/report.workflow.ts).
   */
  separationOfDuties?: boolean;
}

/** Whether the chain separates duties (see ApprovalChain.separationOfDuties): absent means on. */
export function separatesDuties(chain: ApprovalChain): boolean {
  return chain.separationOfDuties !== false;
}

const REVIEW_ACTIONS: StageAction[] = ['open', 'approve', 'reject', 'return', 'urge', 'transfer', 'delegate'];

export const DEFAULT_CHAIN: ApprovalChain = {
  stages: [
    {
      id: 'countersign',
      name: '会签',
      role: 'submitter',
      slaWorkingDays: 3,
      actions: ['open', 'countersign', 'reject', 'urge'],
      countersign: true,
    },
    { id: 'coordinator_review', name: '专班办公室审核', role: 'coordinator', slaWorkingDays: 3, actions: REVIEW_ACTIONS },
    { id: 'office_signoff', name: '专班办公室签发', role: 'office', slaWorkingDays: 2, actions: REVIEW_ACTIONS },
  ],
};

/** The chain a task's reports walk: countersign stages only when the task has co-lead units. */
export function chainForTask(chain: ApprovalChain, leadUnits: readonly string[]): ApprovalChain {
  return { ...chain, stages: chain.stages.filter((stage) => !stage.countersign || leadUnits.length > 1) };
}

export function stageAfter(chain: ApprovalChain, stageId: string): Stage | undefined {
  const index = chain.stages.findIndex((stage) => stage.id === stageId);
  return index >= 0 ? chain.stages[index + 1] : undefined;
}

export function findStage(chain: ApprovalChain, stageId: string): Stage | undefined {
  return chain.stages.find((stage) => stage.id === stageId);
}

export function stageIndex(chain: ApprovalChain, stageId: string): number {
  return chain.stages.findIndex((stage) => stage.id === stageId);
}
