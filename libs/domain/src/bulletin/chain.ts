import type { DocumentChain } from '../document-chain';

export type BulletinChainAction = 'draft' | 'edit' | 'approve' | 'read';

/**
 * 督查通报: the 工作专班办公室's staff draft the month's bulletin from the figures and write its
 * commentary; the head of the office signs it off (签发), which publishes it to every member unit
 * (成员单位) of the task force; each marks it read (已阅).
 */
export const DEFAULT_BULLETIN_CHAIN: DocumentChain<BulletinChainAction> = {
  stages: [
    { id: 'draft', name: '起草', roles: ['coordinator'], actions: ['draft', 'edit'] },
    { id: 'approve', name: '签发', roles: ['office'], actions: ['approve'] },
    { id: 'read', name: '已阅', roles: ['submitter'], actions: ['read'] },
  ],
};
