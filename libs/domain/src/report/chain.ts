import type { Role } from '../actors';

/** One review stage after the unit has submitted. */
export interface Stage {
  id: string;
  name: string;
  role: Role;
  slaWorkingDays: number;
}

/** The chain is data: an ordered list of review stages. The last stage signs off. */
export interface ApprovalChain {
  stages: Stage[];
}

export const DEFAULT_CHAIN: ApprovalChain = {
  stages: [
    { id: 'coordinator_review', name: '专班审核', role: 'coordinator', slaWorkingDays: 3 },
    { id: 'office_signoff', name: '办公室签发', role: 'office', slaWorkingDays: 2 },
  ],
};

export function stageAfter(chain: ApprovalChain, stageId: string): Stage | undefined {
  const index = chain.stages.findIndex((stage) => stage.id === stageId);
  return index >= 0 ? chain.stages[index + 1] : undefined;
}

export function findStage(chain: ApprovalChain, stageId: string): Stage | undefined {
  return chain.stages.find((stage) => stage.id === stageId);
}
