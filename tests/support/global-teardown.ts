export default async function globalTeardown(): Promise<void> {
  const stops = (globalThis as { __ledgerTestServers?: Array<() => Promise<void>> }).__ledgerTestServers ?? [];
  for (const stop of stops.reverse()) await stop();
}
