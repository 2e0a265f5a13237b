import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Loaded outside Jest's module map, so by path rather than by @ledger alias.
import { freePort, startEmbeddedPostgres, startTemporalDevServer } from '../../libs/runtime/src';

/**
 * Real servers for the integration tests: the ones named by DATABASE_URL / TEMPORAL_ADDRESS,
 * or an embedded PostgreSQL and an in-memory Temporal dev server started here for this run.
 * Tests read TEST_DATABASE_URL and TEST_TEMPORAL_ADDRESS.
 */
export default async function globalSetup(): Promise<void> {
  const stops: Array<() => Promise<void>> = [];
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-test-pg-'));
    const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, database: 'ledger_test' });
    process.env.TEST_DATABASE_URL = postgres.url;
    stops.push(postgres.stop);
  }
  if (process.env.TEMPORAL_ADDRESS) {
    process.env.TEST_TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS;
  } else {
    const temporal = await startTemporalDevServer({ port: await freePort(), namespace: 'default' });
    process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
    stops.push(temporal.stop);
  }
  (globalThis as { __ledgerTestServers?: Array<() => Promise<void>> }).__ledgerTestServers = stops;
}
