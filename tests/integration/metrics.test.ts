import { freePort } from '@ledger/runtime';
import { startMetricsServer, type MetricsServer } from '@ledger/observability';
import { startTestSystem, type TestSystem } from '../support/system';

const P01 = 'hengyang-2025-P01';
const values = (computers: number, labs: number) => [
  { indicatorId: 'P01-1', value: computers },
  { indicatorId: 'P01-2', value: labs },
];

/** Prometheus text → { 'name{labels}': value }, labels as written (sorted by prom-client). */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    found.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return found;
}

/** The samples of one metric whose labels include every pair of `labels`. */
function matching(all: Map<string, number>, name: string, labels: Record<string, string> = {}): number[] {
  return [...all]
    .filter(([series]) => series === name || series.startsWith(`${name}{`))
    .filter(([series]) => Object.entries(labels).every(([key, value]) => series.includes(`${key}="${value}"`)))
    .map(([, value]) => value);
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('metrics after a chain (the process of the services, and the Temporal SDK of its worker)', () => {
  let system: TestSystem;
  let metrics: MetricsServer;
  let sdkPort: number;
  let reportId: string;

  beforeAll(async () => {
    sdkPort = await freePort();
    // What observeProcess starts in each service process, on a port of the test's own.
    metrics = await startMetricsServer({ host: '127.0.0.1', port: 0 });
    system = await startTestSystem('metrics', { env: { TEMPORAL_METRICS_PORT: String(sdkPort) } });
    const [edu, coordinator, office] = await Promise.all([system.login('edu'), system.login('coordinator'), system.login('office')]);
    const submitted = await system.call('POST', '/api/reports', edu, {
      taskId: P01,
      period: '2025-06',
      values: values(20000, 150),
      narrative: '已完成过半',
    });
    expect(submitted.status).toBe(201);
    reportId = submitted.body.id;
    expect((await system.call('POST', `/api/reports/${reportId}/approve`, coordinator, { comment: '同意' })).status).toBe(200);
    expect((await system.call('POST', `/api/reports/${reportId}/approve`, office, {})).status).toBe(200);
    // Signed off: a second approval is refused (409), and another report stays waiting for review.
    expect((await system.call('POST', `/api/reports/${reportId}/approve`, office, {})).status).toBe(409);
    const waiting = await system.call('POST', '/api/reports', edu, {
      taskId: P01,
      period: '2025-07',
      values: values(21000, 150),
      narrative: '持续推进',
    });
    expect(waiting.status).toBe(201);
    await system.services.projector.waitFor(await system.storage.store.lastPosition(), 30_000);
  }, 300_000);
  afterAll(async () => {
    await system?.stop();
    await metrics?.close();
  });

  const scrape = async (url: string) => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return response.text();
  };

  it('counts HTTP requests by route pattern and status, never by raw URL', async () => {
    const text = await scrape(metrics.url);
    const all = samples(text);
    const approve = { method: 'POST', route: '/api/reports/:id/approve' };
    expect(sum(matching(all, 'ledger_http_request_duration_seconds_count', { ...approve, status: '200' }))).toBe(2);
    expect(sum(matching(all, 'ledger_http_request_duration_seconds_count', { ...approve, status: '409' }))).toBe(1);
    expect(sum(matching(all, 'ledger_http_request_duration_seconds_count', { method: 'POST', route: '/api/reports', status: '201' }))).toBe(
      2,
    );
    expect(
      sum(matching(all, 'ledger_http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/login', status: '200' })),
    ).toBe(3);
    expect(text).not.toContain(reportId);
  });

  it('times chain operations by document kind, action and outcome', async () => {
    const all = samples(await scrape(metrics.url));
    expect(sum(matching(all, 'ledger_chain_operation_duration_seconds_count', { kind: 'report', action: 'submit', outcome: 'ok' }))).toBe(
      2,
    );
    expect(sum(matching(all, 'ledger_chain_operation_duration_seconds_count', { kind: 'report', action: 'approve', outcome: 'ok' }))).toBe(
      2,
    );
    expect(
      matching(all, 'ledger_chain_operation_duration_seconds_sum', { kind: 'report', action: 'approve', outcome: 'ok' })[0],
    ).toBeGreaterThan(0);
  });

  it('measures event-store appends and the size of each coalesced write', async () => {
    const all = samples(await scrape(metrics.url));
    // Seeding, two submissions, two approvals: each one append at least.
    expect(sum(matching(all, 'ledger_event_store_append_duration_seconds_count'))).toBeGreaterThanOrEqual(4);
    const groups = sum(matching(all, 'ledger_event_store_append_group_size_count'));
    expect(groups).toBeGreaterThanOrEqual(1);
    // Every append is written in exactly one group: the groups hold as many appends as were made.
    expect(sum(matching(all, 'ledger_event_store_append_group_size_sum'))).toBe(
      sum(matching(all, 'ledger_event_store_append_duration_seconds_count')),
    );
  });

  it('reads projector lag and the open documents from the read models on scrape', async () => {
    const all = samples(await scrape(metrics.url));
    const lag = [...all].filter(([series]) => series.startsWith('ledger_projector_lag_events{'));
    expect(lag.length).toBeGreaterThan(0);
    for (const [series, value] of lag) {
      expect(series).toMatch(/projection="[a-z_-]+"/);
      expect(value).toBe(0);
    }
    expect(matching(all, 'ledger_projector_lag_seconds').every((seconds) => seconds === 0)).toBe(true);
    // The signed-off report is no longer open; the second one waits at the coordinator's review.
    expect(sum(matching(all, 'ledger_open_documents', { kind: 'report' }))).toBe(1);
    expect(sum(matching(all, 'ledger_open_documents', { kind: 'report', stage: 'coordinator_review' }))).toBe(1);
    expect(matching(all, 'ledger_open_documents', { kind: 'report' }).length).toBe(1);
    expect([...all.keys()].find((series) => series.startsWith('ledger_open_documents{kind="report"'))).toMatch(
      /sla="(on_time|overdue|escalated)"/,
    );
  });

  it("has the Temporal SDK serve its worker metrics for the suite's task queue", async () => {
    const text = await scrape(`http://127.0.0.1:${sdkPort}/metrics`);
    expect(text).toMatch(/^temporal_/m);
    expect(text).toContain(`task_queue="${system.config.taskQueue}"`);
    expect(text).toMatch(/temporal_activity_execution_latency/);
  });
});
