export { AccountRow } from './account.entity';
export { SecurityEventRow } from './security-event.entity';
export { ACCOUNT_MIGRATIONS, SECURITY_EVENT_RETENTION_DAYS } from './schema';
export { hashPassword, verifyPassword } from './passwords';
export { passwordWeakness, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './password-policy';
export { demoAccounts, seedDemoAccounts, removeDemoAccounts } from './demo-accounts';
export type { DemoAccount } from './demo-accounts';
export {
  AccountError,
  accountView,
  createAccount,
  findAccount,
  findAccountByUsername,
  maskPhone,
  resetPassword,
  revokeRefreshTokens,
  updateAccount,
  PHONE,
  USERNAME,
} from './directory';
export type { AccountChange, AccountView, NewAccount } from './directory';
export { purgeSecurityEvents, recordSecurityEvent } from './security-events';
export type { SecurityEvent, SecurityEventKind, Sql } from './security-events';
export { isSealedTotpSecret, openTotpSecret, resealSecret, sealTotpSecret, type Reseal } from './totp-secrets';
