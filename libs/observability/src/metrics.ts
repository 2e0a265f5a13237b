import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's metrics, in one registry that `/metrics` serves. Hot paths only observe a
 * histogram (a few additions on a pre-built label set); anything that needs a query is read
 * when Prometheus scrapes (see read-model-gauges.ts).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'ledger_' });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new Histogram({
  name: 'ledger_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern (not the raw URL) and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const chainOperationDuration = new Histogram({
  name: 'ledger_chain_operation_duration_seconds',
  help: 'Approval-chain operations (workflow Updates) by document kind, action and outcome (ok, refused, error)',
  labelNames: ['kind', 'action', 'outcome'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const eventStoreAppendDuration = new Histogram({
  name: 'ledger_event_store_append_duration_seconds',
  help: 'One append, from the call until its events are stored (queueing for a coalesced write included)',
  buckets: SECONDS,
  registers: [registry],
});

export const eventStoreAppendGroupSize = new Histogram({
  name: 'ledger_event_store_append_group_size',
  help: 'Appends coalesced into one database round trip',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128],
  registers: [registry],
});

/** What the read-model gauges read when scraped; set by the process that holds the database (read-model-gauges.ts). */
export interface ScrapeSource {
  projectorLag(): Promise<Array<{ projection: string; events: number; seconds: number }>>;
  openDocuments(): Promise<Array<{ kind: string; stage: string; sla: string; count: number }>>;
}

let source: ScrapeSource | undefined;
let lagReading: { at: number; rows: ReturnType<ScrapeSource['projectorLag']> } | undefined;

/** Names the source of the scraped gauges (the last one wins); answers a function that forgets it. */
export function setScrapeSource(next: ScrapeSource): () => void {
  source = next;
  lagReading = undefined;
  return () => {
    if (source === next) source = undefined;
  };
}

// Both lag gauges come from one query: the first of them to be collected in a scrape reads it.
function projectorLag(): ReturnType<ScrapeSource['projectorLag']> {
  if (!source) return Promise.resolve([]);
  if (!lagReading || Date.now() - lagReading.at > 500) lagReading = { at: Date.now(), rows: source.projectorLag() };
  return lagReading.rows;
}

export const projectorLagEvents = new Gauge({
  name: 'ledger_projector_lag_events',
  help: 'Events stored but not yet applied, per projection checkpoint',
  labelNames: ['projection'] as const,
  registers: [registry],
  async collect() {
    const rows = await projectorLag();
    this.reset();
    for (const row of rows) this.set({ projection: row.projection }, row.events);
  },
});

export const projectorLagSeconds = new Gauge({
  name: 'ledger_projector_lag_seconds',
  help: 'Age of the oldest event not yet applied, per projection checkpoint (0 when caught up)',
  labelNames: ['projection'] as const,
  registers: [registry],
  async collect() {
    const rows = await projectorLag();
    this.reset();
    for (const row of rows) this.set({ projection: row.projection }, row.seconds);
  },
});

export const openDocuments = new Gauge({
  name: 'ledger_open_documents',
  help: 'Documents waiting in a chain, by kind, stage (or status) and SLA state (on_time, overdue, escalated)',
  labelNames: ['kind', 'stage', 'sla'] as const,
  registers: [registry],
  async collect() {
    const rows = source ? await source.openDocuments() : [];
    this.reset();
    for (const row of rows) this.set({ kind: row.kind, stage: row.stage, sla: row.sla }, row.count);
  },
});

/** Seconds since a `process.hrtime.bigint()` reading. */
export const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/** The kind of a document from its workflow id (`report-…`, `notice-…`): the ids are named so. */
export const documentKindOf = (workflowId: string): string => /^[a-z]+/.exec(workflowId)?.[0] ?? 'unknown';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` in Prometheus text format on its own port, apart from the API so that it is
 * never exposed with it: the loopback unless METRICS_HOST says otherwise.
 */
export async function startMetricsServer(options: { host: string; port: number }): Promise<MetricsServer> {
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
