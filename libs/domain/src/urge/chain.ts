import type { DocumentChain } from '../document-chain';

export type UrgeChainAction = 'urge' | 'acknowledge';

/** 催报 by the 工作专班办公室 (its staff or its head), acknowledged (已知悉) by each lead unit. */
export const DEFAULT_URGE_CHAIN: DocumentChain<UrgeChainAction> = {
  stages: [
    { id: 'urge', name: '催报', roles: ['coordinator', 'office'], actions: ['urge'] },
    { id: 'acknowledge', name: '确认收到', roles: ['submitter'], actions: ['acknowledge'] },
  ],
};
