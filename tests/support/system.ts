import { msToTs } from '@temporalio/common/lib/time';
import { Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { openStorage, type Storage } from '@ledger/bootstrap';
import { loadConfig, type LedgerConfig } from '@ledger/config';
import { startApi } from '../../apps/api/src';
import { loadDefaultCatalog, seed, type SeedResult } from '../../apps/launcher/src/bootstrap';
import { startServices, type RunningServices } from '../../apps/launcher/src/system';
import { createTestDatabase, serviceUrlOf } from './database';

export interface TestSystem {
  url: string;
  config: LedgerConfig;
  storage: Storage;
  services: RunningServices;
  seeded: SeedResult;
  /** Logs a demo account in and returns its access token. */
  login(username: string): Promise<string>;
  /** fetch against the API with a token and a JSON body. */
  call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Like `call`, with extra request headers, answering the response headers too. */
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /**
   * Runs `use` against a second API over this system's storage and Temporal client, with its
   * configuration changed (production mode, other limits …), and closes that API after.
   */
  anotherApi<T>(change: Partial<LedgerConfig>, use: (url: string) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The whole system as `npm start` runs it (worker, projector, API over the seeded 2025 plan,
 * demo mode), on a fresh database of the test PostgreSQL and its own task queue on the test
 * Temporal server.
 */
export async function startTestSystem(name: string, options: { supervision?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<TestSystem> {
  const databaseUrl = await createTestDatabase(name);
  const temporalAddress = process.env.TEST_TEMPORAL_ADDRESS!;
  const temporalNamespace = await suiteNamespace(temporalAddress, name);
  const config: LedgerConfig = {
    // Every request of a suite comes from one address: rate limits only where a suite sets them (options.env).
    ...loadConfig({
      LEDGER_MODE: 'demo',
      DEMO_PASSWORD: `test-${randomBytes(8).toString('hex')}`,
      // Not the demo key file in the checkout's .data: every suite seals TOTP secrets with a key of its own.
      TOTP_KEY: randomBytes(32).toString('base64'),
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE: '1000000',
      ...options.env,
    }),
    port: 0,
    databaseUrl,
    temporalAddress,
    temporalNamespace,
    taskQueue: `test-${name}-${randomBytes(4).toString('hex')}`,
    // Supervision workflows are named by task, so suites sharing the Temporal server leave
    // them out unless they test supervision (on a database and plan of their own).
    supervision: options.supervision ?? false,
  };
  // As deployed: the suite's superuser owns the schema and migrates; the services (and
  // `storage`, which tests query through) are the application's login role.
  const storage = await openStorage(serviceUrlOf(databaseUrl), { ownerUrl: databaseUrl, createServiceLogin: true });
  const catalog = loadDefaultCatalog();
  const seeded = await seed(config, storage, catalog);
  const services = await startServices(config, storage.url, temporalAddress, storage);
  await services.projector.waitFor(await storage.store.lastPosition());

  const request: TestSystem['request'] = async (method, path, { token, body, headers = {} } = {}) => {
    const response = await fetch(`${services.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, body: text && json ? JSON.parse(text) : text || undefined, headers: response.headers };
  };
  const call: TestSystem['call'] = async (method, path, token, body) => {
    const { status, body: answer } = await request(method, path, { token, body });
    return { status, body: answer };
  };

  return {
    url: services.url,
    config,
    storage,
    services,
    seeded,
    call,
    request,
    login: async (username) => {
      const response = await call('POST', '/api/auth/login', undefined, { username, password: config.demoPassword });
      if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.accessToken as string;
    },
    anotherApi: async (change, use) => {
      const api = await startApi({ ...config, ...change, port: 0 }, storage, services.temporal, '127.0.0.1');
      try {
        return await use(api.url);
      } finally {
        await api.close();
      }
    },
    stop: async () => {
      await services.stop();
      await storage.close();
    },
  };
}

/** Polls until `check` returns a value (read models follow the log a moment later). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A Temporal namespace of the suite's own. Workflow ids name documents (`bulletin-<plan>-<month>`,
 * `urge-<task>-<month>`, `target-<task>`), and every suite seeds the same plan: in one shared
 * namespace a suite's document would meet another suite's workflow of the same id, whose worker
 * has stopped, and wait on it. The dev server takes a new namespace at once.
 */
export async function suiteNamespace(address: string, suite: string): Promise<string> {
  const namespace = `test-${suite.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}-${randomBytes(4).toString('hex')}`;
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
  } finally {
    await connection.close();
  }
  return namespace;
}
