import type { LedgerConfig } from '@ledger/config';
import { loadServiceConfig } from '@ledger/config';

/**
 * For the separately deployed services (docker-compose): the external servers must be named,
 * and every problem of the environment is reported at once, or the service does not start.
 */
export function standaloneConfig(service: 'api' | 'worker'): LedgerConfig & { databaseUrl: string; temporalAddress: string } {
  return loadServiceConfig(service) as LedgerConfig & { databaseUrl: string; temporalAddress: string };
}

/**
 * SIGINT/SIGTERM run `stop` once (stop taking work, finish what is in flight, close the pools),
 * then exit 0. A stop that has not ended `boundSeconds` after the signal exits 1: an
 * orchestrator's own kill would come soon anyway, and a hung stop must not look clean.
 */
export function stopOnSignals(service: string, stop: () => Promise<void>, boundSeconds = 30): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    console.log(`${service}: ${signal}, stopping`);
    setTimeout(() => {
      console.error(`${service}: still stopping after ${boundSeconds} s, exiting`);
      process.exit(1);
    }, boundSeconds * 1000).unref();
    stop().then(
      () => {
        console.log(`${service}: stopped in ${Date.now() - started} ms`);
        process.exit(0);
      },
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
