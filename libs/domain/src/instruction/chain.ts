import type { DocumentChain } from '../document-chain';

export type InstructionChainAction = 'record' | 'acknowledge' | 'report';

/** The 工作专班办公室 records a 批示 of the 召集人 or a 副召集人; each lead unit reads it (阅示) and reports 落实情况. */
export const DEFAULT_INSTRUCTION_CHAIN: DocumentChain<InstructionChainAction> = {
  stages: [
    { id: 'record', name: '录入批示', roles: ['office'], actions: ['record'] },
    { id: 'acknowledge', name: '阅示', roles: ['submitter'], actions: ['acknowledge'] },
    { id: 'report', name: '落实情况', roles: ['submitter'], actions: ['report'] },
  ],
};
