export { attachmentSettings, loadConfig, ConfigError, totpKeyOf } from './config';
export type { AttachmentSettings, LedgerConfig, Mode } from './config';
