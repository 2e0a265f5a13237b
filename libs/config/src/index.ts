export { loadConfig, ConfigError } from './config';
export type { LedgerConfig, Mode } from './config';
