import { Client, Connection } from '@temporalio/client';
import { openStorage, type Storage } from '@ledger/bootstrap';
import { startApi } from '../../apps/api/src';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestSystem, type TestSystem } from '../support/system';

/** An API whose PostgreSQL and Temporal are reached through proxies the test can cut. */
describe('a backend outage', () => {
  let system: TestSystem;
  let database: TcpProxy;
  let temporal: TcpProxy;
  let storage: Storage;
  let connection: Connection;
  let api: { url: string; close(): Promise<void> };
  let token: string;

  beforeAll(async () => {
    system = await startTestSystem('outage');
    const databaseUrl = new URL(system.config.databaseUrl!);
    database = await startTcpProxy({ host: databaseUrl.hostname, port: Number(databaseUrl.port) });
    databaseUrl.host = database.address;
    storage = await openStorage(databaseUrl.toString());
    const [temporalHost, temporalPort] = process.env.TEST_TEMPORAL_ADDRESS!.split(':');
    temporal = await startTcpProxy({ host: temporalHost!, port: Number(temporalPort) });
    connection = await Connection.connect({ address: temporal.address });
    api = await startApi(
      { ...system.config, port: 0 },
      storage,
      new Client({ connection, namespace: system.config.temporalNamespace }),
      '127.0.0.1',
    );
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'edu', password: system.config.demoPassword }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  });
  afterAll(async () => {
    await api?.close();
    await connection?.close();
    await storage?.close().catch(() => undefined);
    await system?.stop();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as { detail: string },
    };
  };

  it('of Temporal answers 503 with Retry-After, saying the workflow service is down', async () => {
    await temporal.cut();
    const answer = await call('POST', '/api/reports', {
      taskId: 'hengyang-2025-P01',
      period: '2025-04',
      values: [
        { indicatorId: 'P01-1', value: 100 },
        { indicatorId: 'P01-2', value: 10 },
      ],
      narrative: '按计划推进',
    });
    expect(answer).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/), body: expect.objectContaining({ status: 503 }) });
    expect(answer.body.detail).toMatch(/Temporal/);
    expect(answer.body.detail).toMatch(/流程服务/);
  });

  it('of PostgreSQL answers 503 with Retry-After, saying the database is down', async () => {
    await database.cut();
    const answer = await call('GET', '/api/reports');
    expect(answer).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/), body: expect.objectContaining({ status: 503 }) });
    expect(answer.body.detail).toMatch(/database/);
    expect(answer.body.detail).toMatch(/数据库/);
  });
});
