import { createServer, type Server } from 'node:http';
import { configureLogging, startTracing, type Tracing } from '@ledger/observability';
import { freePort } from '@ledger/runtime';
import { currentCode } from '../../apps/api/src/auth/totp';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const P01 = 'hengyang-2025-P01';
const PASSWORD = 'Observe-Strong-Pass-2025!';
const WRONG_PASSWORD = 'Not-The-Password-2025!';
const DISPLAY_NAME = '日志测试员张三丰';
const PHONE = '139 1234 5678';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
}

/** A collector that takes OTLP/HTTP JSON (what the exporter sends by default) and keeps the spans. */
function otlpReceiver(spans: ReceivedSpan[]): Server {
  return createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        for (const resourceSpans of JSON.parse(body).resourceSpans ?? []) {
          const service = resourceSpans.resource?.attributes?.find((a: { key: string }) => a.key === 'service.name')?.value?.stringValue;
          for (const scope of resourceSpans.scopeSpans ?? [])
            for (const span of scope.spans ?? []) spans.push({ ...span, service, parentSpanId: span.parentSpanId || undefined });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
}

describe('logs and traces of a whole chain', () => {
  const lines: string[] = [];
  const spans: ReceivedSpan[] = [];
  let receiver: Server;
  let tracing: Tracing;
  let system: TestSystem;
  const secrets: Record<string, string> = {};
  let reportId: string;

  beforeAll(async () => {
    // As observeProcess does in each service, with the lines captured and a collector of the test's own.
    configureLogging({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
    const port = await freePort();
    receiver = otlpReceiver(spans);
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    tracing = startTracing({ serviceName: 'minsheng-ledger-test', endpoint: `http://127.0.0.1:${port}` })!;
    system = await startTestSystem('logs-traces');

    const admin = await system.login('admin');
    const created = await system.call('POST', '/api/admin/accounts', admin, {
      username: 'observed',
      password: PASSWORD,
      role: 'submitter',
      unitId: 'edu',
      displayName: DISPLAY_NAME,
      phone: PHONE,
    });
    expect(created.status).toBe(201);
    expect((await system.call('POST', '/api/auth/login', undefined, { username: 'observed', password: WRONG_PASSWORD })).status).toBe(401);
    const session = await system.call('POST', '/api/auth/login', undefined, { username: 'observed', password: PASSWORD });
    expect(session.status).toBe(200);
    const token: string = session.body.accessToken;
    expect((await system.call('GET', '/api/auth/me', token)).body).toMatchObject({ displayName: DISPLAY_NAME });
    const enrolment = await system.call('POST', '/api/auth/totp/enroll', token, {});
    expect(enrolment.status).toBe(200);
    const code = currentCode(enrolment.body.secret);
    expect((await system.call('POST', '/api/auth/totp/confirm', token, { code })).status).toBe(200);
    Object.assign(secrets, {
      password: PASSWORD,
      wrongPassword: WRONG_PASSWORD,
      demoPassword: system.config.demoPassword!,
      accessToken: token,
      refreshToken: session.body.refreshToken,
      adminToken: admin,
      totpSecret: enrolment.body.secret,
      otpauthUrl: enrolment.body.otpauthUrl ?? enrolment.body.secret,
      displayName: DISPLAY_NAME,
      phone: PHONE,
      phoneDigits: PHONE.replace(/ /g, ''),
    });

    const submitted = await system.call('POST', '/api/reports', token, {
      taskId: P01,
      period: '2025-06',
      values: [
        { indicatorId: 'P01-1', value: 20000 },
        { indicatorId: 'P01-2', value: 150 },
      ],
      narrative: '已完成过半',
    });
    expect(submitted.status).toBe(201);
    reportId = submitted.body.id;
    const [coordinator, office] = await Promise.all([system.login('coordinator'), system.login('office')]);
    expect((await system.call('POST', `/api/reports/${reportId}/approve`, coordinator, { comment: '同意' })).status).toBe(200);
    expect((await system.call('POST', `/api/reports/${reportId}/approve`, office, {})).status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
    await tracing?.shutdown();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it('writes no password, token, TOTP secret, display name or phone number', () => {
    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    for (const [what, value] of Object.entries(secrets)) {
      expect(value.length).toBeGreaterThan(5);
      if (text.includes(value)) throw new Error(`the log holds the ${what}`);
    }
  });

  it('names the request on every line of it, with its correlation id and account once known', () => {
    const requests = parsed().filter((line) => line.component === 'http' && line.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(9);
    for (const line of requests) expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const approvals = requests.filter((line) => line.route === '/api/reports/:id/approve');
    expect(approvals).toHaveLength(2);
    for (const line of approvals) {
      expect(line).toMatchObject({ method: 'POST', status: 200, correlationId: expect.any(String), accountId: expect.any(String) });
    }
    expect(new Set(requests.map((line) => line.requestId)).size).toBe(requests.length);
    const failed = requests.find((line) => line.route === '/api/auth/login' && line.status === 401);
    expect(failed).toBeDefined();
  });

  it("names the workflow and the report on the Temporal SDK's and the activities' lines", () => {
    const ofReport = parsed().filter((line) => line.workflowId === `report-${reportId}`);
    expect(ofReport.length).toBeGreaterThan(0);
    for (const line of ofReport) expect(line.reportId).toBe(reportId);
  });

  it('traces one approval from the HTTP request through the Temporal client, workflow and activity to the event store', async () => {
    await tracing.flush();
    const approval = await eventually(async () => {
      const http = spans.filter((span) => span.name === 'POST /api/reports/:id/approve');
      if (http.length < 2) return undefined;
      const trace = spans.filter((span) => span.traceId === http[0]!.traceId);
      return trace.some((span) => span.name === 'event-store append') && trace.some((span) => span.name.startsWith('HandleUpdate:'))
        ? trace
        : undefined;
    }, 30_000);
    const names = approval.map((span) => span.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/reports/:id/approve',
        'StartWorkflowUpdate:approve',
        'HandleUpdate:approve',
        'StartActivity:appendEvents',
        'RunActivity:appendEvents',
        'event-store append',
      ]),
    );
    // One tree: every span but the request's own has its parent in the same trace.
    const ids = new Set(approval.map((span) => span.spanId));
    const roots = approval.filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId));
    expect(roots.map((span) => span.name)).toEqual(['POST /api/reports/:id/approve']);
  });
});
