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
  return { stages: chain.stages.filter((stage) => !stage.countersign || leadUnits.length > 1) };
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
