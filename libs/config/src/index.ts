export { attachmentSettings, loadConfig, loadServiceConfig, ConfigError, totpKeyOf } from './config';
export type { AttachmentSettings, ConfigIssue, LedgerConfig, Mode, Service } from './config';
