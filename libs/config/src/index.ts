export { loadConfig, ConfigError, totpKeyOf } from './config';
export type { LedgerConfig, Mode } from './config';
