import { createServer } from 'node:net';

/** The ports `npm start` serves metrics on unless METRICS_PORT / TEMPORAL_METRICS_PORT say otherwise. */
export const DEFAULT_METRICS_PORTS = { METRICS_PORT: 9464, TEMPORAL_METRICS_PORT: 9465 } as const;

/**
 * `npm start` serves its metrics by default (on the loopback); a default port another program
 * holds is left out with a note instead of failing the start, while a port the operator chose
 * and cannot have still fails it.
 */
export async function defaultMetricsPorts(env: NodeJS.ProcessEnv, note: (line: string) => void): Promise<void> {
  const host = env.METRICS_HOST || '127.0.0.1';
  for (const [name, port] of Object.entries(DEFAULT_METRICS_PORTS)) {
    if (env[name] !== undefined) continue;
    if (await isFree(host, port)) env[name] = String(port);
    else note(`${name}: port ${port} is in use, so these metrics are off (set ${name} to serve them elsewhere)`);
  }
}

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}
