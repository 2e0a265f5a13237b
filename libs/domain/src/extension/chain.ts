import type { DocumentChain } from '../document-chain';

export type ExtensionChainAction = 'request' | 'approve' | 'refuse';

/** 申请 by a lead unit, 审批 (approve or refuse) by the 工作专班办公室. */
export const DEFAULT_EXTENSION_CHAIN: DocumentChain<ExtensionChainAction> = {
  stages: [
    { id: 'request', name: '申请', roles: ['submitter'], actions: ['request'] },
    { id: 'decide', name: '审批', roles: ['office'], actions: ['approve', 'refuse'] },
  ],
};
