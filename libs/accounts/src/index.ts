export { AccountRow } from './account.entity';
export { ACCOUNT_MIGRATIONS } from './schema';
export { hashPassword, verifyPassword } from './passwords';
export { demoAccounts, seedDemoAccounts, removeDemoAccounts } from './demo-accounts';
export type { DemoAccount } from './demo-accounts';
