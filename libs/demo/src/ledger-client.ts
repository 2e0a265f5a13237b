/** A refused or failed call, with the API's answer so the caller can say what went wrong. */
export class DemoCallError extends Error {
  override readonly name = 'DemoCallError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path}: ${status} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  }
}

export interface LedgerClient {
  /** GET as `username`: the JSON body. */
  get<T>(username: string, path: string): Promise<T>;
  /** GET of a paged list as `username`: the rows of every page. */
  getAll<T>(username: string, path: string): Promise<T[]>;
  /** POST as `username` with an Idempotency-Key, so a retried step is done once. */
  post<T>(username: string, path: string, body: unknown, idempotencyKey: string): Promise<T>;
  /** How many calls were answered, and how many waited for the rate limit. */
  stats(): { calls: number; throttled: number };
}

const MAX_ATTEMPTS = 8;

/**
 * The API as the demo accounts see it: signs each account in once (on first use), and waits
 * where the API says to (429 rate limits, 503 outages and idempotency leases all carry
 * Retry-After) instead of failing the year halfway.
 */
export function ledgerClient(baseUrl: string, password: string): LedgerClient {
  const api = `${baseUrl.replace(/\/$/, '')}/api`;
  const tokens = new Map<string, Promise<string>>();
  let calls = 0;
  let throttled = 0;

  async function send(method: string, path: string, init: { token?: string; body?: unknown; key?: string }): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${api}${path}`, {
        method,
        headers: {
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.key ? { 'idempotency-key': init.key } : {}),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      const body = text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
      const waitSeconds = retryAfter(response);
      if (
        (response.status === 429 || response.status === 503 || (response.status === 409 && waitSeconds !== undefined)) &&
        attempt < MAX_ATTEMPTS
      ) {
        if (response.status === 429) throttled += 1;
        await new Promise((resolve) => setTimeout(resolve, Math.min(60, waitSeconds ?? attempt) * 1000));
        continue;
      }
      calls += 1;
      if (response.status >= 300) throw new DemoCallError(method, path, response.status, body);
      return body;
    }
  }

  const tokenOf = (username: string) => {
    let token = tokens.get(username);
    if (!token) {
      token = (send('POST', '/auth/login', { body: { username, password } }) as Promise<{ accessToken?: string }>).then((answer) => {
        if (!answer.accessToken)
          throw new Error(`${username} needs a second factor: the demo signs in demo accounts only / 演示账号无需动态验证码`);
        return answer.accessToken;
      });
      token.catch(() => tokens.delete(username));
      tokens.set(username, token);
    }
    return token;
  };

  /**
   * A call as `username`. Access tokens last 15 minutes and a whole year takes longer: a 401 signs
   * the account in again and the call is made once more (POSTs carry idempotency keys, so a repeat is answered, not redone).
   */
  async function as(username: string, method: string, path: string, init: { body?: unknown; key?: string } = {}): Promise<unknown> {
    const token = await tokenOf(username);
    try {
      return await send(method, path, { ...init, token });
    } catch (error) {
      if (!(error instanceof DemoCallError) || error.status !== 401) throw error;
      // Another call may have signed in again meanwhile: only the expired token is dropped.
      if ((await tokens.get(username)?.catch(() => undefined)) === token) tokens.delete(username);
      return send(method, path, { ...init, token: await tokenOf(username) });
    }
  }

  return {
    get: async <T>(username: string, path: string) => (await as(username, 'GET', path)) as T,
    getAll: async <T>(username: string, path: string) => {
      const rows: T[] = [];
      let cursor: string | undefined;
      do {
        const separator = path.includes('?') ? '&' : '?';
        const pagePath = `${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await fetchPage(pagePath, await tokenOf(username)).catch(async (error) => {
          if (!(error instanceof DemoCallError) || error.status !== 401) throw error;
          tokens.delete(username);
          return fetchPage(pagePath, await tokenOf(username));
        });
        rows.push(...(page.rows as T[]));
        cursor = page.next;
      } while (cursor);
      return rows;
    },
    post: async <T>(username: string, path: string, body: unknown, key: string) => (await as(username, 'POST', path, { body, key })) as T,
    stats: () => ({ calls, throttled }),
  };

  /** One page and the cursor of the next, from the `Link: <…>; rel="next"` header. */
  async function fetchPage(path: string, token: string): Promise<{ rows: unknown[]; next?: string }> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status === 429 && attempt < MAX_ATTEMPTS) {
        throttled += 1;
        await new Promise((resolve) => setTimeout(resolve, Math.min(60, retryAfter(response) ?? attempt) * 1000));
        continue;
      }
      calls += 1;
      const body = await response.json().catch(() => undefined);
      if (response.status !== 200) throw new DemoCallError('GET', path, response.status, body);
      const link = response.headers.get('link') ?? '';
      const next = /<[^>]*[?&]cursor=([^&>]+)[^>]*>;\s*rel="next"/.exec(link)?.[1];
      return { rows: body as unknown[], ...(next ? { next: decodeURIComponent(next) } : {}) };
    }
  }
}

/** Seconds from Retry-After (or the throttler's Retry-After-<name>), when the answer has one. */
function retryAfter(response: Response): number | undefined {
  for (const [name, value] of response.headers) {
    if (name === 'retry-after' || name.startsWith('retry-after-')) {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) return Math.max(1, seconds);
    }
  }
  return undefined;
}
