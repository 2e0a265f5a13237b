import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The OpenAPI document against the server, Schemathesis-style: every operation of
 * /api/docs-json is called with each role's token (and none), with inputs generated from its own
 * schema — good ones and bad ones (missing required fields, wrong types, strings past their
 * bounds, unknown query values, bad path ids) — and any 5xx, or any status the document does not
 * list for that operation, fails. A path parameter that fits its documented schema must not be
 * refused as malformed (the document would then be narrower than it says), and a body the
 * document requires must be required.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
  security?: unknown[];
};
interface Case {
  label: string;
  path: string;
  body?: unknown;
  /** The path's parameters all fit their documented schemas. */
  schemaPath?: boolean;
}

const ROLES = ['submitter', 'coordinator', 'office', 'auditor', 'admin'] as const;
const USERS: Record<(typeof ROLES)[number], string> = {
  submitter: 'edu',
  coordinator: 'coordinator',
  office: 'office',
  auditor: 'auditor',
  admin: 'admin',
};
const P01 = 'hengyang-2025-P01';

/** Values a field of this name takes in the seeded plan: what a client would send. */
const KNOWN: Record<string, unknown> = {
  taskId: P01,
  taskIds: [P01],
  // A month no other suite drafts a 督查通报 or urges P01 for: those workflows are named by plan,
  // task and month on the Temporal server every suite shares (a draft of another suite's month
  // would wait on that suite's stopped worker).
  period: '2025-11',
  unitId: 'edu',
  planId: 'hengyang-2025',
  username: 'edu',
  toUsername: 'coordinator',
  indicatorId: 'P01-1',
  toStage: 'submit',
  dueDate: '2099-12-31',
  until: '2099-12-31',
  expectedBy: '2099-12-31',
  asOf: '2025-06-30T00:00:00.000Z',
  // Delivery channels are tried by the outbox sender: nowhere outside this machine.
  url: 'http://127.0.0.1:9/hook',
};
/** Strings tried against a pattern, in order, when no known value fits. */
const CANDIDATES = ['2025-11', '2099-12-31', '123456', 'edu', P01, 'abc', 'a1', '13812345678', `${randomUUID()}:0`];

function sendRaw(
  url: string,
  method: string,
  path: string,
  token: string | undefined,
  body: unknown,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  const { hostname, port } = new URL(url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      {
        host: hostname,
        port,
        path,
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (an export, a page): the status is what counts
          }
          resolve({ status: response.statusCode!, headers: response.headers, body: parsed });
        });
      },
    );
    sent.on('error', reject);
    sent.end(payload);
  });
}

describe('the OpenAPI document against the server: every operation, role and generated input', () => {
  let system: TestSystem;
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const tokens: Partial<Record<(typeof ROLES)[number] | 'none', string>> = {};
  /** Real ids for the path parameters, so the good calls reach the handlers. */
  const real: Record<string, string> = {};

  beforeAll(async () => {
    system = await startTestSystem('openapi-contract');
    for (const role of ROLES) tokens[role] = await system.login(USERS[role]);
    document = (await system.call('GET', '/api/docs-json')).body;
    const report = await system.call('POST', '/api/reports', tokens.submitter, {
      taskId: P01,
      period: '2025-03',
      values: [
        { indicatorId: 'P01-1', value: 1 },
        { indicatorId: 'P01-2', value: 1 },
      ],
      narrative: '契约测试',
    });
    expect(report.status).toBe(201);
    real['/api/reports/{id}'] = report.body.id;
    const account = await system.call('POST', '/api/admin/accounts', tokens.admin, {
      username: 'probe',
      password: 'Ledger-Strong-Pass-2025!',
      role: 'auditor',
      displayName: '契约',
    });
    expect(account.status).toBe(201);
    real['/api/admin/accounts/{id}'] = account.body.id;
    real['/api/accounts/{id}'] = account.body.id;
    real['/api/units/{id}'] = 'edu';
    real['/api/admin/units/{id}'] = 'edu';
  }, 120_000);
  afterAll(() => system?.stop());

  const resolve = (schema: Schema | undefined): Schema => {
    if (!schema) return {};
    if (!schema.$ref) return schema;
    return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
  };

  /** A value that fits the schema (and, by its name, the seeded plan where it can). */
  function good(schema: Schema | undefined, name = ''): unknown {
    const resolved = resolve(schema);
    const known = KNOWN[name];
    if (known !== undefined && fits(resolved, known)) return known;
    if (resolved.enum) return resolved.enum[0];
    switch (resolved.type) {
      case 'string':
        return goodString(resolved);
      case 'integer':
        return Math.max(1, resolved.minimum ?? 1);
      case 'number':
        return Math.max(1, resolved.minimum ?? 1);
      case 'boolean':
        return false;
      case 'array':
        return Array.from({ length: Math.max(1, resolved.minItems ?? 1) }, () => good(resolved.items, name.replace(/s$/, '')));
      case 'object':
      default: {
        if (!resolved.properties) return {};
        const required = new Set(resolved.required ?? []);
        return Object.fromEntries(
          Object.entries(resolved.properties)
            .filter(([key]) => required.has(key))
            .map(([key, property]) => [key, good(property, key)]),
        );
      }
    }
  }

  function goodString(schema: Schema): string {
    if (schema.format === 'uuid') return randomUUID();
    if (schema.format === 'date-time') return '2025-06-30T00:00:00.000Z';
    if (schema.format === 'date') return '2099-12-31';
    const min = schema.minLength ?? 1;
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern);
      const found = CANDIDATES.find((candidate) => pattern.test(candidate) && fits(schema, candidate));
      if (found) return found;
    }
    return 'x'.repeat(Math.max(min, 3)).slice(0, schema.maxLength ?? 64);
  }

  function fits(schema: Schema, value: unknown): boolean {
    if (schema.enum) return schema.enum.includes(value);
    if (typeof value === 'string') {
      if (schema.type && schema.type !== 'string') return false;
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) return false;
      if (schema.format === 'uuid' && !/^[0-9a-f-]{36}$/i.test(value)) return false;
      return value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity);
    }
    if (Array.isArray(value)) return schema.type === 'array';
    return true;
  }

  /** Values of the wrong kind or past the bounds of this schema. */
  function bad(schema: Schema | undefined): Array<[string, unknown]> {
    const resolved = resolve(schema);
    const wrongType: unknown = resolved.type === 'string' ? 12345 : resolved.type === 'array' ? 'not-an-array' : 'not-a-number';
    const out: Array<[string, unknown]> = [
      ['wrong type', resolved.type === 'object' ? [1] : wrongType],
      ['null', null],
    ];
    if (resolved.type === 'string') {
      if (resolved.maxLength !== undefined) out.push(['too long', 'x'.repeat(resolved.maxLength + 1)]);
      out.push(['empty', '']);
      if (resolved.enum || resolved.pattern || resolved.format) out.push(['unknown value', 'zzz-unknown']);
      out.push(['bidi override', 'a\u202Eb']);
    }
    if (resolved.type === 'array' && resolved.maxItems !== undefined)
      out.push(['too many items', Array.from({ length: resolved.maxItems + 1 }, () => good(resolved.items))]);
    if ((resolved.type === 'number' || resolved.type === 'integer') && resolved.maximum === undefined) out.push(['huge', 1e300]);
    return out;
  }

  function bodyCases(operation: Operation): Array<{ label: string; body: unknown }> {
    const schema = operation.requestBody?.content['application/json']?.schema;
    if (!schema) return [{ label: 'no body', body: undefined }];
    const resolved = resolve(schema);
    const base = good(schema) as Record<string, unknown>;
    const cases: Array<{ label: string; body: unknown }> = [
      { label: 'good body', body: base },
      { label: 'no body', body: undefined },
      { label: 'an array body', body: [base] },
      { label: 'an unknown field', body: { ...base, unknownField: 1 } },
    ];
    for (const name of resolved.required ?? []) {
      const { [name]: _left, ...rest } = base;
      cases.push({ label: `without required ${name}`, body: rest });
    }
    for (const [name, property] of Object.entries(resolved.properties ?? {})) {
      for (const [label, value] of bad(property)) cases.push({ label: `${name}: ${label}`, body: { ...base, [name]: value } });
    }
    return cases;
  }

  function pathCases(template: string, operation: Operation): Case[] {
    const params = (operation.parameters ?? []).filter((p) => p.in === 'path');
    const fill = (values: Record<string, string>) =>
      template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x'));
    const fromSchema = Object.fromEntries(params.map((p) => [p.name, String(good(p.schema, p.name))]));
    const realId = real[template];
    const realValues = { ...fromSchema, ...(realId ? { id: realId } : {}), ...(template.includes('{taskId}') ? { taskId: P01 } : {}) };
    const cases: Case[] = [{ label: 'path from the schema', path: fill(fromSchema), schemaPath: true }];
    if (params.length === 0) return cases;
    cases.push({ label: 'real path', path: fill(realValues) });
    for (const param of params) {
      for (const [label, value] of [
        ['not an id', 'not an id!'],
        ['a random uuid', randomUUID()],
        ['a very long id', 'y'.repeat(500)],
        ['traversal', '../admin'],
        ['NUL', '\u0000'],
      ] as const)
        cases.push({ label: `${param.name}: ${label}`, path: fill({ ...realValues, [param.name]: value }) });
    }
    return cases;
  }

  function queryCases(operation: Operation): string[] {
    const params = (operation.parameters ?? []).filter((p) => p.in === 'query');
    const queries = [''];
    for (const param of params) {
      const value = good(param.schema, param.name);
      queries.push(`?${param.name}=${encodeURIComponent(String(value))}`);
      for (const [, wrong] of bad(param.schema).filter(([label]) => label !== 'null'))
        queries.push(`?${param.name}=${encodeURIComponent(String(wrong))}`);
      queries.push(`?${param.name}[$ne]=x`);
    }
    return queries;
  }

  it('answers every generated call with a status its operation documents, and never with a 5xx', async () => {
    const failures = new Set<string>();
    let calls = 0;
    const operations = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item).map(([method, operation]) => ({ template, method: method.toUpperCase(), operation })),
    );
    // Signing out spends the token: last.
    operations.sort(
      (a, b) => Number(a.operation.operationId === 'AuthController_logout') - Number(b.operation.operationId === 'AuthController_logout'),
    );
    expect(operations.length).toBeGreaterThan(60);
    for (const { template, method, operation } of operations) {
      const documented = new Set(Object.keys(operation.responses));
      const requests: Array<{ label: string; path: string; body: unknown; schemaPath?: boolean }> = [];
      for (const path of pathCases(template, operation))
        requests.push({
          ...path,
          body: operation.requestBody ? good(operation.requestBody.content['application/json']?.schema) : undefined,
        });
      const realPath = pathCases(template, operation).find((c) => c.label === 'real path') ?? pathCases(template, operation)[0]!;
      for (const query of queryCases(operation).slice(1))
        requests.push({ label: `query ${decodeURIComponent(query)}`, path: realPath.path + query, body: undefined });
      if (method !== 'GET' && method !== 'DELETE')
        for (const body of bodyCases(operation)) requests.push({ label: body.label, path: realPath.path, body: body.body });
      for (const who of [...ROLES, 'none'] as const) {
        const token = tokens[who as keyof typeof tokens];
        // A few at a time: the cases of one role share nothing that matters to the outcome.
        for (let i = 0; i < requests.length; i += 8) {
          await Promise.all(
            requests.slice(i, i + 8).map(async (request) => {
              const answer = await sendRaw(system.url, method, request.path, token, request.body);
              calls++;
              const at = `${method} ${template} [${who}] ${request.label}`;
              if (answer.status >= 500) failures.add(`${at}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`);
              else if (!documented.has(String(answer.status)) && !documented.has('default'))
                failures.add(`${at}: undocumented ${answer.status} ${JSON.stringify(answer.body?.detail ?? '').slice(0, 120)}`);
              if (request.schemaPath && answer.status === 400) {
                const pathParams = new Set((operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
                const refused = ((answer.body?.errors ?? []) as { field: string }[]).filter((error) => pathParams.has(error.field));
                if (refused.length > 0)
                  failures.add(`${at}: path ${request.path} fits the documented schema but ${refused.map((e) => e.field)} is refused`);
              }
              if (request.label === 'no body' && operation.requestBody?.required && answer.status < 300)
                failures.add(`${at}: the body is documented as required, yet ${answer.status} without one`);
            }),
          );
        }
      }
    }
    expect([...failures].sort()).toEqual([]);
    expect(calls).toBeGreaterThan(2000);
  }, 900_000);

  it('answers an unknown method on a known path 405 with Allow, and on an unknown path 404', async () => {
    for (const method of ['TRACE', 'PUT']) {
      const answer = await sendRaw(system.url, method, '/api/reports', tokens.submitter, undefined);
      expect({ method, status: answer.status }).toEqual({ method, status: 405 });
      expect(String(answer.headers.allow).split(/,\s*/).sort()).toEqual(['GET', 'HEAD', 'POST']);
    }
    const item = await sendRaw(system.url, 'TRACE', `/api/reports/${randomUUID()}`, undefined, undefined);
    expect(item.status).toBe(405);
    expect(String(item.headers.allow)).toMatch(/GET/);
    expect((await sendRaw(system.url, 'TRACE', '/api/no-such-thing', undefined, undefined)).status).toBe(404);
  });
});
