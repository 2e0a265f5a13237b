export { startEmbeddedPostgres, ensureDatabase, embeddedPostgresLeftover } from './embedded-postgres';
export type { EmbeddedPostgresOptions, RunningPostgres } from './embedded-postgres';
export {
  startTemporalDevServer,
  temporalLeftover,
  findTemporalCli,
  findTemporalTestServer,
  stopChild,
  MISSING_TEMPORAL_CLI,
} from './temporal-server';
export type { RunningTemporal, TemporalDevServerOptions } from './temporal-server';
export { freePort } from './ports';
export { stopLeftover, isAlive, readPidFile } from './leftovers';
export type { Leftover } from './leftovers';
export { startOrphanGuard } from './orphan-guard';
