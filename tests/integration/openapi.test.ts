import { startTestSystem, type TestSystem } from '../support/system';

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  maxLength?: number;
  maxItems?: number;
  enum?: unknown[];
  pattern?: string;
  format?: string;
};

describe('the OpenAPI document, generated from the code', () => {
  let system: TestSystem;
  let document: any;

  beforeAll(async () => {
    system = await startTestSystem('openapi');
    const answer = await system.call('GET', '/api/docs-json');
    expect(answer.status).toBe(200);
    document = answer.body;
  });
  afterAll(() => system?.stop());

  const operations = () =>
    Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );

  it('lists every endpoint with its authentication and roles', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const publicOnes = operations()
      .filter(({ operation }) => operation.security?.length === 0)
      .map(({ method, path }) => `${method} ${path}`);
    expect(publicOnes.sort()).toEqual(
      [
        'post /api/auth/login',
        'post /api/auth/totp',
        'post /api/auth/refresh',
        'post /api/auth/totp/enroll',
        'post /api/auth/totp/confirm',
        'get /api/health',
        'get /api/health/live',
        'get /api/health/ready',
      ].sort(),
    );
    for (const { path, method, operation } of operations()) {
      if (operation.security.length === 0) continue;
      expect({ path, method, security: operation.security }).toEqual({ path, method, security: [{ bearer: [] }] });
      expect(operation['x-roles'].length).toBeGreaterThan(0);
      expect(operation.responses['401'].content['application/problem+json']).toBeDefined();
    }
    const submit = document.paths['/api/reports'].post;
    expect(submit['x-roles']).toEqual(['submitter']);
    expect(submit.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(document.paths['/api/admin/accounts'].get['x-roles'].sort()).toEqual(['admin', 'auditor']);
    // The growing admin lists are paged: limit and cursor are documented query parameters.
    for (const list of ['/api/admin/accounts', '/api/admin/security-events']) {
      expect(document.paths[list].get['x-roles'].sort()).toEqual(['admin', 'auditor']);
      const names = document.paths[list].get.parameters
        .filter((p: { in: string }) => p.in === 'query')
        .map((p: { name: string }) => p.name);
      expect(names).toEqual(expect.arrayContaining(['limit', 'cursor']));
    }
  });

  it('documents the answers of an outage, of a key still in flight and of a second report for a period', () => {
    for (const { path, method, operation } of operations()) {
      // Any endpoint can meet a database or Temporal outage.
      expect({ path, method, retryAfter: operation.responses['503']?.headers?.['Retry-After'] }).toEqual({
        path,
        method,
        retryAfter: expect.objectContaining({ schema: { type: 'integer', minimum: 1 } }),
      });
      const keyed = (operation.parameters ?? []).some((p: { name: string }) => p.name === 'Idempotency-Key');
      if (keyed)
        expect({ path, method, retryAfter: operation.responses['409']?.headers?.['Retry-After'] }).toEqual({
          path,
          method,
          retryAfter: expect.anything(),
        });
    }
    const submitted = document.paths['/api/reports'].post.responses['409'];
    expect(submitted.description).toMatch(/already has a report/);
    expect(submitted.headers.Location).toBeDefined();
  });

  it('describes each request body with its DTO, bounds included', () => {
    const submit = document.paths['/api/reports'].post.requestBody.content['application/json'].schema;
    expect(submit).toEqual({ $ref: '#/components/schemas/SubmitReportDto' });
    const dto = document.components.schemas.SubmitReportDto;
    expect(dto).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['taskId', 'period', 'values', 'narrative']),
      properties: {
        taskId: { type: 'string', maxLength: 128 },
        period: { type: 'string', pattern: expect.any(String) },
        values: { type: 'array', maxItems: 200, items: { $ref: '#/components/schemas/IndicatorValueDto' } },
        narrative: { type: 'string', maxLength: 10000 },
      },
    });
    expect(document.components.schemas.IndicatorValueDto.properties.value).toEqual({ type: 'number' });
    const query = document.paths['/api/reports'].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(query).toEqual(expect.arrayContaining(['query:taskId', 'query:period', 'query:status', 'query:mine']));
    // A field whose null means something says so; the others refuse null (Optional ≠ nullable).
    const change = document.components.schemas.UpdateAccountDto.properties;
    expect(change.phone).toMatchObject({ type: 'string', nullable: true });
    expect(change.unitId).toMatchObject({ type: 'string', nullable: true });
    expect(change.displayName.nullable).toBeUndefined();
  });

  it('describes the evidence upload as multipart with its refusals, and attachments as bounded lists of ids', () => {
    const upload = document.paths['/api/attachments'].post;
    expect(upload['x-roles']).toEqual(['submitter']);
    expect(upload.requestBody.content['multipart/form-data'].schema).toMatchObject({
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    });
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(['201', '413', '415']));
    expect(document.paths['/api/attachments/{id}'].get.responses['200'].content).toHaveProperty('application/octet-stream');
    for (const dto of ['SubmitReportDto', 'ResubmitReportDto', 'RespondNoticeDto', 'InstructionReportDto'])
      expect(document.components.schemas[dto].properties.attachments).toEqual({
        type: 'array',
        maxItems: 20,
        items: { type: 'string', format: 'uuid' },
      });
  });

  it('describes the answers of the dashboard, the scorecard and the task history, 督办单 included and what asOf does to them', () => {
    const answer = (path: string) => document.paths[path].get.responses['200'].content['application/json'].schema.$ref.split('/').pop();
    const dashboard = document.components.schemas[answer('/api/dashboard')];
    expect(dashboard.properties.notices.properties.open.required).toEqual(['blue', 'yellow', 'red', 'total']);
    expect(dashboard.properties.notices.description).toMatch(/asOf/);
    const task = dashboard.properties.sections.items.properties.categories.items.properties.tasks.items;
    expect(task.properties.notices.properties.highestLevel).toMatchObject({ enum: ['blue', 'yellow', 'red'], nullable: true });
    const scorecard = document.components.schemas[answer('/api/units/{id}/scorecard')];
    expect(scorecard.properties.notices.required).toEqual(['open', 'closed', 'escalated', 'answeredLate']);
    const history = document.components.schemas[answer('/api/targets/{taskId}/history')];
    expect(history.properties.state.properties.notices.items.properties.status.enum).toContain('closed');
    expect(history.properties.events.items.required).toContain('label');
    expect(history.properties.state.required).toEqual(expect.arrayContaining(['notices', 'urges', 'extensions', 'instructions']));
    expect(history.properties.state.properties.extensions.items.properties.status.enum).toEqual(['requested', 'approved', 'refused']);
    expect(history.properties.state.properties.urges.items.required).not.toContain('message');
  });

  it('describes the bulletin (督查通报), its actions and its files', () => {
    expect(document.paths['/api/bulletins'].post['x-roles']).toEqual(['coordinator', 'office']);
    expect(document.paths['/api/bulletins/{id}/approve'].post['x-roles']).toEqual(['office']);
    expect(document.paths['/api/bulletins/{id}/read'].post['x-roles']).toEqual(['submitter']);
    expect(document.paths['/api/bulletins/{id}/commentary'].post.requestBody.content['application/json'].schema).toBeDefined();
    expect(Object.keys(document.paths['/api/bulletins/{id}.pdf'].get.responses['200'].content)).toEqual(['application/pdf']);
    expect(Object.keys(document.paths['/api/bulletins/{id}.xlsx'].get.responses['200'].content)).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    const bulletin = document.components.schemas.Bulletin;
    expect(bulletin.properties.published.properties.figures.properties.units.items.required).toContain('onTimePercent');
  });

  it('describes the plan’s task force for every signed-in role, by positions and units only', () => {
    const operation = document.paths['/api/plans/{planId}/task-force'].get;
    expect(operation['x-roles'].sort()).toEqual(['admin', 'auditor', 'coordinator', 'office', 'submitter']);
    expect(operation.parameters).toContainEqual(expect.objectContaining({ name: 'planId', in: 'path' }));
    const schema = document.components.schemas[operation.responses['200'].content['application/json'].schema.$ref.split('/').pop()];
    expect(schema.required).toEqual(['planId', 'name', 'convener', 'deputyConveners', 'memberUnits', 'office']);
    expect(schema.properties.deputyConveners.items.required).toEqual(['role', 'unitId', 'unitName', 'position']);
    expect(schema.properties.convener.properties.role.enum).toEqual(['convener', 'deputy_convener']);
    expect(schema.properties.memberUnits.items.required).toEqual(['unitId', 'unitName']);
  });

  it('types ids as the server checks them, declares asOf and period, and requires only bodies that are', () => {
    const parameter = (path: string, method: string, name: string) =>
      document.paths[path][method].parameters.find((p: { name: string }) => p.name === name);
    for (const path of [
      '/api/reports/{id}',
      '/api/extensions/{id}',
      '/api/instructions/{id}',
      '/api/admin/accounts/{id}',
      '/api/accounts/{id}',
    ])
      expect({ path, schema: parameter(path, 'get', 'id').schema }).toEqual({ path, schema: { type: 'string', format: 'uuid' } });
    expect(parameter('/api/admin/channels/{id}', 'delete', 'id').schema.format).toBe('uuid');
    expect(parameter('/api/urges/{id}/acknowledge', 'post', 'id').schema.pattern).toEqual(expect.any(String));
    // A notice the supervision workflow issues is named by task, cause and round, not by a uuid.
    expect(parameter('/api/notices/{id}', 'get', 'id').schema.pattern).toEqual(expect.any(String));
    expect(parameter('/api/notifications/{id}/read', 'post', 'id').schema.pattern).toEqual(expect.any(String));
    for (const path of [
      '/api/dashboard',
      '/api/units/{id}/scorecard',
      '/api/targets/{taskId}/history',
      '/api/targets/{taskId}/history.xlsx',
    ])
      expect({ path, asOf: parameter(path, 'get', 'asOf') }).toEqual({
        path,
        asOf: expect.objectContaining({ in: 'query', required: false, schema: expect.objectContaining({ format: 'date-time' }) }),
      });
    expect(parameter('/api/exports/monthly.xlsx', 'get', 'period')).toMatchObject({ in: 'query', required: true });
    expect(document.paths['/api/auth/logout'].post.requestBody.required).toBe(false);
    expect(document.paths['/api/reports'].post.requestBody.required).toBe(true);
    // What the server answers besides success: an unknown id, a wrong sign-in, a state conflict.
    expect(Object.keys(document.paths['/api/reports/{id}'].get.responses)).toContain('404');
    expect(Object.keys(document.paths['/api/auth/login'].post.responses)).toContain('401');
    expect(Object.keys(document.paths['/api/admin/accounts/{id}'].patch.responses)).toEqual(expect.arrayContaining(['404', '409']));
    expect(document.paths['/api/admin/accounts/{id}/unlock'].post['x-roles']).toEqual(['admin']);
  });

  it('bounds every string and every array a request can carry', () => {
    const unbounded: string[] = [];
    const bodies = operations().flatMap(({ operation }) => {
      const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref as string | undefined;
      return ref ? [ref.split('/').pop()!] : [];
    });
    const seen = new Set<string>();
    const walk = (schema: Schema, at: string): void => {
      if (schema.$ref) {
        const name = schema.$ref.split('/').pop()!;
        if (seen.has(name)) return;
        seen.add(name);
        return walk(document.components.schemas[name], name);
      }
      if (schema.type === 'string' && schema.maxLength === undefined && !schema.enum && !schema.pattern && !schema.format)
        unbounded.push(at);
      if (schema.type === 'array') {
        if (schema.maxItems === undefined) unbounded.push(at);
        if (schema.items) walk(schema.items, `${at}[]`);
      }
      for (const [name, property] of Object.entries(schema.properties ?? {})) walk(property, `${at}.${name}`);
    };
    for (const name of new Set(bodies)) walk({ $ref: `#/components/schemas/${name}` }, name);
    expect(seen.size).toBeGreaterThan(5);
    expect(unbounded).toEqual([]);
  });

  it('serves the interactive page outside production only; the JSON stays', async () => {
    const page = await fetch(`${system.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);

    await system.anotherApi({ mode: 'production' }, async (production) => {
      expect((await fetch(`${production}/api/docs`)).status).toBe(404);
      const json = await fetch(`${production}/api/docs-json`);
      expect(json.status).toBe(200);
      expect(Object.keys(((await json.json()) as { paths: object }).paths)).toEqual(Object.keys(document.paths));
    });
  });
});
