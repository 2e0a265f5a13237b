export { startEmbeddedPostgres, ensureDatabase } from './embedded-postgres';
export type { EmbeddedPostgresOptions, RunningPostgres } from './embedded-postgres';
export { startTemporalDevServer, findTemporalCli, findTemporalTestServer, stopChild } from './temporal-server';
export type { RunningTemporal, TemporalDevServerOptions } from './temporal-server';
export { freePort } from './ports';
