import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AccessTokens } from '../../apps/api/src/auth/tokens';
import { startTestSystem, type TestSystem } from '../support/system';

jest.setTimeout(300_000);

/**
 * Rate limits for a city intranet, where whole offices reach the API through one NAT or reverse
 * proxy (TRUST_PROXY names it, so X-Forwarded-For is believed from it alone): signed-in requests
 * count per account, sign-in per address and per username, health not at all.
 */
describe('rate limits that fit an intranet', () => {
  let system: TestSystem;
  const PER_MINUTE = 30;

  beforeAll(async () => {
    system = await startTestSystem('rate_limits', {
      env: {
        RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
        LOGIN_RATE_LIMIT_PER_MINUTE: '10',
        LOGIN_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE: '3',
        TRUST_PROXY: 'loopback',
      },
    });
  });
  afterAll(() => system?.stop());

  /** Accounts of their own, with tokens issued as a sign-in would (no password hashing for 200 of them). */
  async function accounts(count: number): Promise<string[]> {
    const tokens = new AccessTokens(new JwtService({ secret: system.config.jwtSecret }));
    const issued: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      const username = `nat-${id.slice(0, 8)}`;
      await system.storage.pool.query(
        `insert into accounts (id, username, password_hash, role, unit_id, display_name) values ($1, $2, 'x', 'coordinator', null, $2)`,
        [id, username],
      );
      issued.push(await tokens.issue({ accountId: id, username, role: 'coordinator', unitId: null }, randomUUID()));
    }
    return issued;
  }

  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('does not limit 200 accounts working from one address', async () => {
    const tokens = await accounts(200);
    const statuses: number[] = [];
    // Two requests each, 20 at a time: 400 requests from one address, more than ten times its limit.
    for (let i = 0; i < tokens.length; i += 20) {
      const batch = tokens.slice(i, i + 20).flatMap((token) => [token, token]);
      const answers = await Promise.all(batch.map((token) => system.request('GET', '/api/auth/me', { token, headers: from('10.1.1.1') })));
      statuses.push(...answers.map((answer) => answer.status));
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  it('limits one account flooding, with Retry-After and a message in Chinese and English, and not its neighbours', async () => {
    const [flooder, neighbour] = await accounts(2);
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE; i++)
      statuses.push((await system.request('GET', '/api/auth/me', { token: flooder, headers: from('10.3.3.3') })).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const limited = await system.request('GET', '/api/auth/me', { token: flooder, headers: from('10.3.3.4') });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests / 请求过于频繁' });
    expect(limited.body.detail).toMatch(/this account.*本账号/);
    expect((await system.request('GET', '/api/auth/me', { token: neighbour, headers: from('10.3.3.3') })).status).toBe(200);
  });

  it('never limits health', async () => {
    for (let i = 0; i < PER_MINUTE + 5; i++) {
      const answer = await system.request('GET', '/api/health', { headers: from('10.4.4.4') });
      expect({ i, status: answer.status }).toEqual({ i, status: 200 });
    }
  });

  it('limits sign-in flooding from one address; another address behind the trusted proxy still signs in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (
          await system.request('POST', '/api/auth/login', {
            body: { username: `nobody${i}`, password: 'not the password' },
            headers: from('10.2.2.2'),
          })
        ).status,
      );
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    const elsewhere = await system.request('POST', '/api/auth/login', {
      body: { username: 'coordinator', password: system.config.demoPassword },
      headers: from('10.2.2.3'),
    });
    expect(elsewhere.status).toBe(200);
  });

  it('limits sign-in to one account from many addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (
          await system.request('POST', '/api/auth/login', {
            body: { username: 'office', password: 'wrong guess here' },
            headers: from(`10.5.5.${i}`),
          })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    await system.anotherApi(
      { trustProxy: false, rateLimit: { perMinute: 1_000, loginPerMinute: 3, loginPerAccountPerMinute: 1_000 } },
      async (base) => {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) {
          const answer = await fetch(`${base}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...from(`10.6.6.${i}`) },
            body: JSON.stringify({ username: `spoofer${i}`, password: 'not the password' }),
          });
          statuses.push(answer.status);
        }
        // Each attempt named another address, but the peer is the same one: one bucket.
        expect(statuses).toEqual([401, 401, 401, 429]);
      },
    );
  });
});
