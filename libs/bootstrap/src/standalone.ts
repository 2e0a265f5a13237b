import type { LedgerConfig } from '@ledger/config';
import { loadConfig } from '@ledger/config';

/**
 * For the separately deployed services (docker-compose): the external servers must be named,
 * and SIGINT/SIGTERM run `stop` once before the process exits.
 */
export function standaloneConfig(service: string): LedgerConfig & { databaseUrl: string; temporalAddress: string } {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error(`${service}: DATABASE_URL is required`);
  if (!config.temporalAddress) throw new Error(`${service}: TEMPORAL_ADDRESS is required`);
  return config as LedgerConfig & { databaseUrl: string; temporalAddress: string };
}

export function stopOnSignals(service: string, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${service}: ${signal}, stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${service}: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

export function runMain(service: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(`${service} failed to start: ${(error as Error).message}`);
    process.exit(1);
  });
}
