export { startEmbeddedPostgres, ensureDatabase } from './embedded-postgres';
export type { EmbeddedPostgresOptions, RunningPostgres } from './embedded-postgres';
export { startTemporalDevServer, findTemporalCli, findTemporalTestServer, stopChild, MISSING_TEMPORAL_CLI } from './temporal-server';
export type { RunningTemporal, TemporalDevServerOptions } from './temporal-server';
export { freePort } from './ports';
