import { createPool } from '@ledger/postgres';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const ORIGIN = 'https://ledger.example.gov.cn';

describe('HTTP hardening: headers, CORS, rate limits, records of exports', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('security', { env: { CORS_ORIGINS: ORIGIN, LOGIN_RATE_LIMIT_PER_MINUTE: '8' } });
  });
  afterAll(() => system?.stop());

  it('sends security headers and no framework banner', async () => {
    const response = await fetch(`${system.url}/api/health`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('opens CORS to the configured origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${system.url}/api/reports`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    expect((await preflight(ORIGIN)).headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CORS closed when CORS_ORIGINS is not set', async () => {
    await system.anotherApi({ corsOrigins: [] }, async (closed) => {
      const response = await fetch(`${closed}/api/health`, { headers: { origin: ORIGIN } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('limits sign-in attempts per address more strictly than the rest', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(
        (await system.call('POST', '/api/auth/login', undefined, { username: `nobody${i}`, password: 'not the password' })).status,
      );
    }
    expect(statuses.slice(0, 8).every((status) => status === 401)).toBe(true);
    const limited = await system.request('POST', '/api/auth/login', { body: { username: 'edu', password: system.config.demoPassword } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, title: expect.stringContaining('请求过于频繁') });
    // Other endpoints keep their own, generous limit.
    expect((await system.call('GET', '/api/health')).status).toBe(200);
  });

  it('records exports and denied requests with actor, address and time', async () => {
    const admin = (await system.storage.pool.query(`select id from accounts where username = 'admin'`)).rows[0].id;
    // This suite's sign-in limit is spent: another instance (its own limits) over the same storage.
    await system.anotherApi(
      { rateLimit: { perMinute: 10_000, loginPerMinute: 10_000, loginPerAccountPerMinute: 10_000 } },
      async (base) => {
        const login = await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: system.config.demoPassword }),
        });
        const { accessToken } = (await login.json()) as { accessToken: string };
        const exported = await fetch(`${base}/api/exports/monthly.xlsx?period=2025-06`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        expect(exported.status).toBe(200);
        expect((await fetch(`${base}/api/inbox`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(403);
        const events = await eventually(async () => {
          const rows = (
            await system.storage.pool.query(
              `select kind, actor_id, ip, path, status, at from security_events where actor_id = $1 order by id`,
              [admin],
            )
          ).rows;
          return rows.some((row) => row.kind === 'request_denied') ? rows : undefined;
        });
        expect(events).toContainEqual(
          expect.objectContaining({ kind: 'export', path: '/api/exports/monthly.xlsx', ip: expect.any(String), at: expect.any(Date) }),
        );
        expect(events).toContainEqual(expect.objectContaining({ kind: 'request_denied', path: '/api/inbox', status: 403 }));
      },
    );
  });

  it('purges only security events past the retention period', async () => {
    const before = (await system.storage.pool.query(`select count(*)::int as n from security_events`)).rows[0].n;
    expect(before).toBeGreaterThan(0);
    expect((await system.storage.pool.query(`select purge_security_events() as purged`)).rows[0].purged).toBe(0);
    await expect(system.storage.pool.query(`delete from security_events where id = (select min(id) from security_events)`)).rejects.toThrow(
      /permission denied for table security_events/,
    );
    // The owner gets past the grants, not past the trigger.
    const owner = createPool(system.config.databaseUrl!, 1);
    try {
      await expect(owner.query(`delete from security_events where id = (select min(id) from security_events)`)).rejects.toThrow(
        /append-only/,
      );
    } finally {
      await owner.end();
    }
    expect((await system.storage.pool.query(`select count(*)::int as n from security_events`)).rows[0].n).toBe(before);
  });
});
