import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The API answers what its OpenAPI document says: the console's main reads and a loop of
 * commands (a report submitted and approved, a notice, an urge, an extension, an instruction),
 * each body validated against the success schema the document gives its operation. A schema
 * narrower or wider than the handler's answer (a field missing, one more, a wrong type, a null
 * not declared nullable) fails here.
 */

// An OpenAPI 3.0 schema object, walked generically.
type Schema = Record<string, any>;

/** OpenAPI 3.0's `nullable` as JSON Schema says it, so ajv reads the document's schemas as written. */
export function toJsonSchema(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [
      key,
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as Schema).map(([n, each]) => [n, toJsonSchema(each)]))
        : toJsonSchema(value),
    ]),
  );
  return nullable ? { anyOf: [converted, { type: 'null' }] } : converted;
}

const P01 = 'hengyang-2025-P01';
const PERIOD = '2025-05';

describe('the API’s answers, against its OpenAPI document', () => {
  let system: TestSystem;
  let document: Schema;
  const tokens: Record<string, string> = {};
  const validators = new Map<string, ValidateFunction>();

  beforeAll(async () => {
    system = await startTestSystem('response-contract');
    document = (await system.call('GET', '/api/docs-json')).body;
    for (const who of ['edu', 'coordinator', 'office', 'auditor', 'admin']) tokens[who] = await system.login(who);
  });
  afterAll(() => system?.stop());

  /** The success schema the document gives an operation, compiled once. */
  const validatorOf = (operationId: string): ValidateFunction => {
    const known = validators.get(operationId);
    if (known) return known;
    const operation = Object.values(document.paths as Record<string, Record<string, Schema>>)
      .flatMap((item) => Object.values(item))
      .find((each) => each.operationId === operationId);
    if (!operation) throw new Error(`the document has no operation ${operationId}`);
    const success = Object.entries(operation.responses as Record<string, Schema>).find(([status]) => status.startsWith('2'))?.[1];
    const schema = success?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${operationId} documents no JSON answer`);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'api', components: { schemas: toJsonSchema(document.components.schemas) } });
    const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"api#/components/')));
    validators.set(operationId, validate);
    return validate;
  };

  /** Calls the API as `who` and checks the answer's status and body against the operation's documented answer. */
  const answer = async (operationId: string, who: string | undefined, method: string, path: string, body?: unknown) => {
    const response = await system.call(method, path, who ? tokens[who] : undefined, body);
    expect({ operationId, status: response.status }).toEqual({ operationId, status: method === 'GET' ? 200 : expect.any(Number) });
    expect(response.status).toBeLessThan(300);
    const validate = validatorOf(operationId);
    const valid = validate(response.body);
    expect({ operationId, errors: valid ? null : validate.errors }).toEqual({ operationId, errors: null });
    return response.body;
  };

  it('fails a body that does not fit (the check can fail)', () => {
    const validate = validatorOf('CatalogController_units');
    expect(validate([{ id: 'edu', code: 'edu', name: '教育局' }])).toBe(true);
    expect(validate([{ id: 'edu', code: 'edu' }])).toBe(false);
    expect(validate([{ id: 'edu', code: 'edu', name: '教育局', extra: 1 }])).toBe(false);
    expect(validatorOf('ReportsController_submit')({ id: 'x', status: 'in_review', stage: 7, revision: 1 })).toBe(false);
  });

  it('signs in and says who is signed in', async () => {
    await answer('AuthController_login', undefined, 'POST', '/api/auth/login', { username: 'edu', password: system.config.demoPassword });
    await answer('AuthController_me', 'edu', 'GET', '/api/auth/me');
  });

  it('answers the catalog, the dashboard and the read side as documented', async () => {
    await answer('CatalogController_units', 'edu', 'GET', '/api/units');
    await answer('CatalogController_tasks', 'edu', 'GET', '/api/tasks');
    await answer('CatalogController_taskForce', 'office', 'GET', '/api/plans/hengyang-2025/task-force');
    await answer('DashboardController_dashboard', 'office', 'GET', '/api/dashboard');
    await answer('DashboardController_dashboard', 'edu', 'GET', '/api/dashboard?asOf=2025-06-30T00:00:00.000Z');
    await answer('ScorecardController_scorecard', 'office', 'GET', '/api/units/edu/scorecard');
    await answer('NotificationsController_unreadCount', 'edu', 'GET', '/api/notifications/unread-count');
    await answer('AuditController_verify', 'auditor', 'GET', '/api/audit/verify');
    await answer('AdminController_list', 'admin', 'GET', '/api/admin/accounts');
    await answer('AdminController_units', 'admin', 'GET', '/api/admin/units');
    await answer('AdminController_securityEvents', 'admin', 'GET', '/api/admin/security-events');
    await answer('ChannelsController_list', 'admin', 'GET', '/api/admin/channels');
  });

  it('answers a report’s submission, approval and reading as documented', async () => {
    const values = [
      { indicatorId: 'P01-1', value: 20000 },
      { indicatorId: 'P01-2', value: 100 },
    ];
    const submitted = await answer('ReportsController_submit', 'edu', 'POST', '/api/reports', {
      taskId: P01,
      period: PERIOD,
      values,
      narrative: '按计划推进',
    });
    await answer('InboxController_inbox', 'coordinator', 'GET', '/api/inbox');
    await answer('ReportsController_approve', 'coordinator', 'POST', `/api/reports/${submitted.id}/approve`, { comment: '同意' });
    await answer('ReportsController_reject', 'office', 'POST', `/api/reports/${submitted.id}/reject`, { reason: '数据需核实' });
    await answer('ReportsController_resubmit', 'edu', 'POST', `/api/reports/${submitted.id}/resubmit`, {
      values: [values[0], { indicatorId: 'P01-2', value: 120 }],
      narrative: '已核实',
    });
    // From revision 2 on the report carries its diff against the previous revision (once the projector has it).
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const report = await answer('ReportsController_get', 'coordinator', 'GET', `/api/reports/${submitted.id}`);
    expect(report.diff).toEqual(expect.arrayContaining([expect.objectContaining({ indicatorId: 'P01-2', before: 100, after: 120 })]));
    await answer('ReportsController_list', 'coordinator', 'GET', `/api/reports?taskId=${P01}`);
    await answer('InboxController_inbox', 'edu', 'GET', '/api/inbox');
    await answer('AuditController_history', 'auditor', 'GET', `/api/targets/${P01}/history`);
    await answer('NotificationsController_list', 'edu', 'GET', '/api/notifications');
  });

  it('answers a notice, an urge, an extension and an instruction as documented', async () => {
    const notice = await answer('NoticesController_issue', 'coordinator', 'POST', '/api/notices', {
      taskId: P01,
      level: 'yellow',
      matter: '请说明进度',
      dueDate: '2099-06-30',
    });
    await answer('NoticesController_acknowledge', 'edu', 'POST', `/api/notices/${notice.id}/acknowledge`, {});
    await answer('NoticesController_get', 'edu', 'GET', `/api/notices/${notice.id}`);
    const urged = await answer('UrgesController_urge', 'coordinator', 'POST', '/api/urges', { taskIds: [P01], period: '2025-07' });
    const urgeId = urged.urged[0]?.urgeId ?? urged.skipped[0]?.urgeId;
    await answer('UrgesController_acknowledge', 'edu', 'POST', `/api/urges/${urgeId}/acknowledge`, {});
    const extension = await answer('ExtensionsController_request', 'edu', 'POST', '/api/extensions', {
      taskId: P01,
      period: '2025-08',
      until: '2099-01-31',
      reason: '统计口径调整',
    });
    await answer('ExtensionsController_approve', 'office', 'POST', `/api/extensions/${extension.id}/approve`, { comment: '同意' });
    await answer('ExtensionsController_get', 'edu', 'GET', `/api/extensions/${extension.id}`);
    const instruction = await answer('InstructionsController_record', 'office', 'POST', '/api/instructions', {
      taskId: P01,
      by: 'convener',
      text: '请加快推进',
    });
    await answer('InstructionsController_acknowledge', 'edu', 'POST', `/api/instructions/${instruction.id}/acknowledge`, {});
    await answer('InstructionsController_get', 'edu', 'GET', `/api/instructions/${instruction.id}`);
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    for (const [operationId, path] of [
      ['NoticesController_list', '/api/notices'],
      ['UrgesController_list', '/api/urges'],
      ['ExtensionsController_list', '/api/extensions'],
      ['InstructionsController_list', '/api/instructions'],
    ] as const) {
      const list = await answer(operationId, 'coordinator', 'GET', path);
      expect({ operationId, empty: list.length === 0 }).toEqual({ operationId, empty: false });
    }
    // The board with an open notice on it.
    await answer('DashboardController_dashboard', 'office', 'GET', '/api/dashboard');
  });
});
