import { JwtService } from '@nestjs/jwt';
import { startTestSystem, type TestSystem } from '../support/system';

const P01 = 'hengyang-2025-P01';
const valid = {
  taskId: P01,
  period: '2025-05',
  values: [
    { indicatorId: 'P01-1', value: 1 },
    { indicatorId: 'P01-2', value: 1 },
  ],
  narrative: '正常',
};
const withValue = (value: unknown) => ({
  ...valid,
  values: [
    { indicatorId: 'P01-1', value },
    { indicatorId: 'P01-2', value: 1 },
  ],
});
const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

/** A raw request: the body is sent exactly as written (no JSON.stringify), so it can be broken. */
type Raw = {
  name: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  token?: 'edu' | 'coordinator' | 'admin' | 'none' | string;
};

describe('hostile input: every attack is a clear 4xx, nothing is stored, nothing is a 500', () => {
  let system: TestSystem;
  const tokens: Record<string, string> = {};
  let reportId: string;

  beforeAll(async () => {
    system = await startTestSystem('hostile');
    for (const name of ['edu', 'coordinator', 'admin']) tokens[name] = await system.login(name);
    const submitted = await system.call('POST', '/api/reports', tokens.edu, { ...valid, period: '2025-04' });
    expect(submitted.status).toBe(201);
    reportId = submitted.body.id;
  });
  afterAll(() => system?.stop());

  async function send(attack: Raw): Promise<{ status: number; type: string | null; body: any }> {
    const token = attack.token === 'none' ? undefined : (tokens[attack.token ?? 'edu'] ?? attack.token);
    const response = await fetch(`${system.url}${attack.path}`, {
      method: attack.method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(attack.body !== undefined ? { 'content-type': attack.contentType ?? 'application/json' } : {}),
      },
      body: attack.body,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: asserted below
    }
    return { status: response.status, type: response.headers.get('content-type'), body };
  }

  const json = (value: unknown) => JSON.stringify(value);
  const report = (body: string, name: string): Raw => ({ name, method: 'POST', path: '/api/reports', body });

  function attacks(): Raw[] {
    const claims = {
      sub: '00000000-0000-0000-0000-000000000000',
      username: 'admin',
      role: 'admin',
      unitId: null,
      jti: 'x',
      iss: 'minsheng-ledger',
      aud: 'minsheng-ledger-api',
    };
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const secret = new JwtService({ secret: system.config.jwtSecret });
    return [
      report('{"taskId":', 'malformed JSON'),
      report('{"taskId": "a",}', 'trailing comma'),
      report("{'taskId': 'a'}", 'single quotes'),
      report('"just a string"', 'a JSON string as body'),
      report('[1,2,3]', 'a JSON array as body'),
      report('', 'an empty body'),
      { ...report(json(valid), 'text/plain body'), contentType: 'text/plain' },
      report(json({ ...valid, isAdmin: true }), 'an extra field'),
      report(json({ ...valid, values: [{ ...valid.values[0], hidden: 1 }, valid.values[1]] }), 'an extra nested field'),
      report('{"__proto__": {"role": "admin"}, "taskId": "x"}', 'prototype pollution'),
      report(json({ ...valid, narrative: '长'.repeat(10_001) }), 'a narrative over 10,000 characters'),
      report(json({ ...valid, taskId: 'x'.repeat(5000) }), 'a huge task id'),
      report(json({ ...valid, narrative: 'x'.repeat(300 * 1024) }), 'a body over 256 KB'),
      report(json({ ...valid, values: Array.from({ length: 201 }, (_, i) => ({ indicatorId: `P01-${i}`, value: 1 })) }), 'too many values'),
      report(json({ ...valid, narrative: nested(40) }), 'deep nesting'),
      report(json(withValue(nested(20))), 'deep nesting in a value'),
      report(json({ ...valid, narrative: 'a\u0000b' }), 'a NUL byte'),
      report(json({ ...valid, values: [{ indicatorId: 'P01-1\u0000', value: 1 }] }), 'a NUL byte in an id'),
      report(`{"taskId":"${P01}","period":"2025-05","values":[],"narrative":"\\ud800 lone"}`, 'a lone high surrogate'),
      report(`{"taskId":"${P01}","period":"2025-05","values":[],"narrative":"\\udc00"}`, 'a lone low surrogate'),
      report(json({ ...valid, taskId: "' OR 1=1 --" }), 'SQL injection in the task id'),
      report(json({ ...valid, taskId: "x'); drop table events; --" }), 'SQL injection with a drop'),
      report(json({ ...valid, period: "2025-05' or '1'='1" }), 'SQL injection in the period'),
      report(json(withValue(-1)), 'a negative value'),
      report(json(withValue('NaN')), 'the string NaN'),
      report(json(withValue('Infinity')), 'the string Infinity'),
      report(json(withValue('12')), 'a number as a string'),
      report(json(withValue(null)), 'a null value'),
      report(json(withValue(true)), 'a boolean value'),
      report(json(withValue({ $gt: 0 })), 'an operator object'),
      report(
        `{"taskId":"${P01}","period":"2025-05","values":[{"indicatorId":"P01-1","value":1e309},{"indicatorId":"P01-2","value":1}],"narrative":""}`,
        '1e309 (Infinity)',
      ),
      report(
        `{"taskId":"${P01}","period":"2025-05","values":[{"indicatorId":"P01-1","value":-1e309},{"indicatorId":"P01-2","value":1}],"narrative":""}`,
        '-1e309',
      ),
      report(json(withValue(Number.MAX_VALUE)), 'an absurdly large value'),
      report(json({ ...valid, period: '2024-05' }), 'a period outside the plan year'),
      report(json({ ...valid, period: '2026-01' }), 'a period of the next year'),
      report(json({ ...valid, period: '2025-13' }), 'month 13'),
      report(json({ ...valid, period: '2025-00' }), 'month 0'),
      report(json({ ...valid, period: '2025-5' }), 'a one-digit month'),
      report(json({ ...valid, period: '2025-05-01' }), 'a date instead of a month'),
      report(json({ ...valid, period: ['2025-05'] }), 'a period array'),
      report(json({ ...valid, narrative: 12 }), 'a number as narrative'),
      report(json({ ...valid, values: 'P01-1=1' }), 'values as a string'),
      { name: 'path traversal in a report id', method: 'GET', path: '/api/reports/..%2F..%2Fetc%2Fpasswd' },
      { name: 'encoded dots as a report id', method: 'GET', path: '/api/reports/%2e%2e' },
      { name: 'SQL injection as a report id', method: 'GET', path: `/api/reports/${encodeURIComponent("1' or '1'='1")}` },
      { name: 'NUL in a report id', method: 'GET', path: '/api/reports/%00' },
      { name: 'traversal as an action target', method: 'POST', path: '/api/reports/..%2Fadmin/approve', body: '{}', token: 'coordinator' },
      { name: 'traversal in an account id', method: 'GET', path: '/api/accounts/..%2F..%2Fadmin', token: 'admin' },
      { name: 'traversal in a unit id', method: 'PATCH', path: '/api/admin/units/..%2Fedu', body: json({ name: 'x' }), token: 'admin' },
      { name: 'a period filter array', method: 'GET', path: '/api/reports?period=2025-05&period=2025-06' },
      { name: 'a nested query', method: 'GET', path: '/api/reports?taskId[$ne]=x' },
      { name: 'a NUL in a query', method: 'GET', path: '/api/reports?taskId=%00' },
      {
        name: 'a reason with a NUL byte',
        method: 'POST',
        path: `/api/reports/${reportId}/reject`,
        body: json({ reason: 'no\u0000' }),
        token: 'coordinator',
      },
      {
        name: 'a reason too long',
        method: 'POST',
        path: `/api/reports/${reportId}/reject`,
        body: json({ reason: 'x'.repeat(2001) }),
        token: 'coordinator',
      },
      {
        name: 'an account with a huge name',
        method: 'POST',
        path: '/api/admin/accounts',
        body: json({ username: 'a'.repeat(1000), password: 'x', role: 'admin', displayName: 'x' }),
        token: 'admin',
      },
      {
        name: 'an account with an injected role',
        method: 'POST',
        path: '/api/admin/accounts',
        body: json({ username: 'evil', password: 'Ledger-Strong-Pass-2025!', role: "admin' --", displayName: 'x' }),
        token: 'admin',
      },
      {
        name: 'login with an object as password',
        method: 'POST',
        path: '/api/auth/login',
        body: json({ username: 'edu', password: { $ne: '' } }),
        token: 'none',
      },
      {
        name: 'login with SQL injection',
        method: 'POST',
        path: '/api/auth/login',
        body: json({ username: "' or 1=1 --", password: 'x' }),
        token: 'none',
      },
      {
        name: 'a token signed with alg none',
        method: 'GET',
        path: '/api/tasks',
        token: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: now + 600 })}.`,
      },
      {
        name: 'a forged token',
        method: 'GET',
        path: '/api/tasks',
        token: `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, exp: now + 600 })}.${'A'.repeat(43)}`,
      },
      { name: 'an expired token', method: 'GET', path: '/api/tasks', token: 'expired' },
      { name: 'a token that is not a JWT', method: 'GET', path: '/api/tasks', token: "'; drop table accounts; --" },
    ].map((attack) => (attack.token === 'expired' ? { ...attack, token: expiredToken(secret, claims, now) } : attack));
  }

  let expired: string;
  function expiredToken(_secret: JwtService, _claims: object, _now: number): string {
    return expired;
  }

  it('answers each attack with a 4xx problem that says what is wrong, and stores nothing', async () => {
    const secret = new JwtService({ secret: system.config.jwtSecret });
    const now = Math.floor(Date.now() / 1000);
    expired = await secret.signAsync({
      sub: '00000000-0000-0000-0000-000000000000',
      role: 'admin',
      jti: 'e',
      iss: 'minsheng-ledger',
      aud: 'minsheng-ledger-api',
      iat: now - 7200,
      exp: now - 3600,
    });
    const before = await system.storage.store.lastPosition();
    const accountsBefore = (await system.storage.pool.query('select count(*)::int as n from accounts')).rows[0].n;
    const outcomes: string[] = [];
    for (const attack of attacks()) {
      const answer = await send(attack);
      const clear =
        answer.status >= 400 &&
        answer.status < 500 &&
        answer.type?.startsWith('application/problem+json') &&
        typeof answer.body?.detail === 'string' &&
        answer.body.detail.length > 0 &&
        typeof answer.body?.title === 'string';
      if (!clear) outcomes.push(`${attack.name}: ${answer.status} ${answer.type} ${JSON.stringify(answer.body).slice(0, 200)}`);
    }
    expect(outcomes).toEqual([]);
    expect(await system.storage.store.lastPosition()).toBe(before);
    expect((await system.storage.pool.query('select count(*)::int as n from accounts')).rows[0].n).toBe(accountsBefore);
  });

  it('names the offending field where there is one', async () => {
    const cases: Array<[string, string]> = [
      [json({ ...valid, narrative: '长'.repeat(10_001) }), 'narrative'],
      [json({ ...valid, narrative: 'a\u0000b' }), 'narrative'],
      [`{"taskId":"${P01}","period":"2025-05","values":[{"indicatorId":"P01-1","value":1e309}],"narrative":""}`, 'values[0].value'],
      [json(withValue('NaN')), 'values[0].value'],
      [json({ ...valid, period: '2024-05' }), 'period'],
      [json({ ...valid, isAdmin: true }), 'isAdmin'],
    ];
    for (const [body, field] of cases) {
      const answer = await send(report(body, field));
      expect({ field, status: answer.status }).toEqual({ field, status: 400 });
      expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(
        answer.body.errors.every((error: { message: string }) => /[\u4e00-\u9fff]/.test(error.message) || /\//.test(error.message)),
      ).toBe(true);
    }
  });

  it('refuses invisible and direction-changing characters in texts and names, keeps Chinese punctuation, and counts in whole numbers', async () => {
    const fieldsOf = (answer: { body: any }) => (answer.body?.errors ?? []).map((error: { field: string }) => error.field);
    for (const character of ['\u202E', '\u200D', '\u2028', '\uFEFF', '\u2066', '\u200B']) {
      const label = `U+${character.codePointAt(0)!.toString(16).toUpperCase()}`;
      const narrative = await send(report(json({ ...valid, narrative: `已完成${character}txt.exe` }), label));
      expect({ label, status: narrative.status, fields: fieldsOf(narrative) }).toEqual({ label, status: 400, fields: ['narrative'] });
      const reason = await system.call('POST', `/api/reports/${reportId}/reject`, tokens.coordinator, { reason: `数据${character}有误` });
      expect({ label, status: reason.status, fields: fieldsOf(reason) }).toEqual({ label, status: 400, fields: ['reason'] });
    }
    const named = await system.call('POST', '/api/admin/accounts', tokens.admin, {
      username: 'bidi',
      password: 'Ledger-Strong-Pass-2025!',
      role: 'auditor',
      displayName: '张\u202E三',
    });
    expect({ status: named.status, fields: fieldsOf(named) }).toEqual({ status: 400, fields: ['displayName'] });

    // Ordinary Chinese punctuation, the ideographic space and line breaks are text like any other.
    const chinese = '（一）已完成“补充配置”工作；下步：继续推进。——《方案》、【备注】…　第二段\n第三行！？';
    const filed = await system.call('POST', '/api/reports', tokens.edu, { ...valid, period: '2025-06', narrative: chinese });
    expect(filed.status).toBe(201);
    expect((await system.call('GET', `/api/reports/${filed.body.id}`, tokens.edu)).body.narrative).toBe(chinese);

    // P01-1 counts computers (台): a whole number; 1e-320 is no count, nor 0.5.
    for (const value of [1e-320, 0.5]) {
      const answer = await send(report(json(withValue(value)), String(value)));
      expect({ value, status: answer.status, fields: fieldsOf(answer) }).toEqual({ value, status: 400, fields: ['values[0].value'] });
    }
  });

  it('finds nothing with injection in a filter, and still answers normally', async () => {
    const answer = await system.call('GET', `/api/reports?taskId=${encodeURIComponent("' or '1'='1")}`, tokens.edu);
    expect(answer).toEqual({ status: 200, body: [] });
    // Bytes that are not UTF-8 (an encoded surrogate half) in a filter match nothing either.
    expect(await system.call('GET', '/api/reports?taskId=%ED%A0%80', tokens.edu)).toEqual({ status: 200, body: [] });
    expect((await system.call('GET', '/api/reports', tokens.edu)).body.length).toBeGreaterThan(0);
  });
});
