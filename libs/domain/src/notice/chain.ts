import type { DocumentChain } from '../document-chain';

/** What people do to a 督办单; supervision's own acts (escalate, add a period, clear the cause) are the system's. */
export type NoticeChainAction = 'issue' | 'acknowledge' | 'respond' | 'return' | 'close';

/**
 * 立项交办 by the 工作专班办公室 (its staff or its head) → 签收 by the lead unit within a working
 * day → 整改反馈 by the unit (its deadline depends on the colour: NoticeRules.responseWorkingDays)
 * → 核查 and 销号 or 退回 by the office.
 */
export const DEFAULT_NOTICE_CHAIN: DocumentChain<NoticeChainAction> = {
  stages: [
    { id: 'assign', name: '交办', roles: ['coordinator', 'office'], actions: ['issue'] },
    { id: 'acknowledge', name: '签收', roles: ['submitter'], actions: ['acknowledge'], slaWorkingDays: 1 },
    { id: 'respond', name: '整改反馈', roles: ['submitter'], actions: ['respond'] },
    { id: 'check', name: '核查销号', roles: ['coordinator', 'office'], actions: ['return', 'close'] },
  ],
};
