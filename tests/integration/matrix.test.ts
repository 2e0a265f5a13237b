import { randomUUID } from 'node:crypto';
import { pdfFile } from '../support/files';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The authorization matrix: every role × every endpoint of the OpenAPI document × an object
 * of the caller's own unit and of another unit. The endpoint list comes from the running
 * API, so an endpoint added without a row in EXPECTED fails this test, and so does a row left
 * for an endpoint that is gone.
 *
 * Statuses: 403 = the role may not (guard or domain rule), 404 = another unit's object, which
 * a submitter cannot even see; 409 = the role may, but not in the object's state (every report
 * here has just been submitted and waits for the coordinator, so the office's turn has not come).
 */

const ROLES = ['submitter', 'coordinator', 'office', 'auditor', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Scope = 'own' | 'other';
/** One status for both scopes, or [own unit, other unit]. */
type Cell = number | [number, number];
type Row = Record<Role, Cell>;

const all = (status: number): Row => ({ submitter: status, coordinator: status, office: status, auditor: status, admin: status });
const row = (submitter: Cell, coordinator: Cell, office: Cell, auditor: Cell, admin: Cell): Row => ({
  submitter,
  coordinator,
  office,
  auditor,
  admin,
});

const EXPECTED: Record<string, Row> = {
  // Sign-in: public; each role signs in as itself, bad challenges and refresh tokens are refused alike.
  'POST /api/auth/login': all(200),
  'POST /api/auth/totp': all(401),
  'POST /api/auth/refresh': all(401),
  'POST /api/auth/logout': all(204),
  'GET /api/auth/me': all(200),
  'POST /api/auth/totp/enroll': all(200),
  'POST /api/auth/totp/confirm': all(401),
  'GET /api/health': all(200),
  'GET /api/health/live': all(200),
  'GET /api/health/ready': all(200),
  // Catalogue: everyone reads (a submitter's task list is scoped, asserted separately).
  'GET /api/units': all(200),
  'GET /api/tasks': all(200),
  'GET /api/plans/{planId}/task-force': all(200),
  // Reports.
  'POST /api/reports': row([201, 403], 403, 403, 403, 403),
  'GET /api/reports': all(200),
  'GET /api/reports/{id}': row([200, 404], 200, 200, 200, 200),
  'POST /api/reports/{id}/resubmit': row([200, 404], 403, 403, 403, 403),
  'POST /api/reports/{id}/open': row([403, 404], 200, 409, 403, 403),
  'POST /api/reports/{id}/countersign': row([409, 404], 403, 403, 403, 403),
  'POST /api/reports/{id}/approve': row(403, 200, 409, 403, 403),
  'POST /api/reports/{id}/reject': row([403, 404], 200, 409, 403, 403),
  'POST /api/reports/{id}/return': row(403, 400, 409, 403, 403),
  'POST /api/reports/{id}/withdraw': row([200, 404], 403, 403, 403, 403),
  'POST /api/reports/{id}/urge': row(403, 200, 200, 403, 403),
  'POST /api/reports/{id}/acknowledge': row([409, 404], 409, 409, 403, 403),
  'POST /api/reports/{id}/transfer': row(403, 200, 409, 403, 403),
  'POST /api/reports/{id}/delegate': row(403, 200, 409, 403, 403),
  // 收回: for the stage's role or the office, and only once the assignee cannot act (none here yet: 409).
  'POST /api/reports/{id}/reclaim': row(403, 409, 409, 403, 403),
  // 督办单: the office issues, checks and closes; the unit it went to signs and answers; auditors read.
  'POST /api/notices': row(403, 201, 201, 403, 403),
  'GET /api/notices': row(200, 200, 200, 200, 403),
  'GET /api/notices/{id}': row([200, 404], 200, 200, 200, 403),
  'POST /api/notices/{id}/acknowledge': row([200, 404], 403, 403, 403, 403),
  'POST /api/notices/{id}/respond': row([200, 404], 403, 403, 403, 403),
  'POST /api/notices/{id}/return': row(403, 200, 200, 403, 403),
  'POST /api/notices/{id}/close': row(403, 200, 200, 403, 403),
  // 催报: the office urges; the lead unit urged acknowledges; auditors read.
  'POST /api/urges': row(403, 201, 201, 403, 403),
  'GET /api/urges': row(200, 200, 200, 200, 403),
  'POST /api/urges/{id}/acknowledge': row([200, 404], 403, 403, 403, 403),
  // 延期申请: a lead unit asks; the office decides; auditors read.
  'POST /api/extensions': row([201, 403], 403, 403, 403, 403),
  'GET /api/extensions': row(200, 200, 200, 200, 403),
  'GET /api/extensions/{id}': row([200, 404], 200, 200, 200, 403),
  // 报送截止: a unit reads the deadlines of the tasks it leads (scoped to its own unit, asserted in reporting-deadlines.test.ts).
  'GET /api/reporting-deadlines': row(200, 403, 403, 403, 403),
  'POST /api/extensions/{id}/approve': row(403, 403, 200, 403, 403),
  'POST /api/extensions/{id}/refuse': row(403, 403, 200, 403, 403),
  // 领导批示: the office records; the lead unit it went to reads it and reports; auditors read.
  'POST /api/instructions': row(403, 403, 201, 403, 403),
  'GET /api/instructions': row(200, 200, 200, 200, 403),
  'GET /api/instructions/{id}': row([200, 404], 200, 200, 200, 403),
  'POST /api/instructions/{id}/acknowledge': row([200, 404], 403, 403, 403, 403),
  'POST /api/instructions/{id}/report': row([200, 404], 403, 403, 403, 403),
  // 佐证材料: a unit uploads; a file is read as the report naming it is, except that another unit gets 403 (not 404).
  'POST /api/attachments': row(201, 403, 403, 403, 403),
  'GET /api/attachments/{id}': row([200, 403], 200, 200, 200, 200),
  // 督查通报: the office's staff draft and comment, the office signs off, member units read (已阅) what
  // was published; auditors read every version. Not a unit's object: both scopes alike.
  'POST /api/bulletins': row(403, 201, 403, 403, 403),
  'GET /api/bulletins': row(200, 200, 200, 200, 403),
  'GET /api/bulletins/{id}': row(200, 200, 200, 200, 403),
  'GET /api/bulletins/{id}.pdf': row(200, 200, 200, 200, 403),
  'GET /api/bulletins/{id}.xlsx': row(200, 200, 200, 200, 403),
  'POST /api/bulletins/{id}/commentary': row(403, 200, 403, 403, 403),
  'PUT /api/bulletins/{id}/commentary': row(403, 200, 403, 403, 403),
  'POST /api/bulletins/{id}/approve': row(403, 403, 200, 403, 403),
  'POST /api/bulletins/{id}/read': row(200, 403, 403, 403, 403),
  // History, audit, exports: auditors read everything and write nothing; a unit reads its own tasks.
  'GET /api/targets/{taskId}/history': row([200, 404], 200, 200, 200, 403),
  'GET /api/targets/{taskId}/history.json': row([200, 404], 200, 200, 200, 403),
  'GET /api/targets/{taskId}/history.xlsx': row([200, 404], 200, 200, 200, 403),
  'GET /api/audit/verify': row(403, 200, 403, 200, 200),
  'GET /api/exports/monthly.xlsx': row(403, 200, 200, 200, 200),
  'GET /api/dashboard': all(200),
  'GET /api/inbox': row(200, 200, 200, 403, 403),
  // Notifications: everyone reads their own; an id that is not the reader's is as good as absent
  // (tests/integration/notifications.test.ts marks one of another unit's).
  'GET /api/notifications': all(200),
  'GET /api/notifications/unread-count': all(200),
  'POST /api/notifications/{id}/read': all(404),
  'GET /api/units/{id}/scorecard': row([200, 404], 200, 200, 200, 200),
  // Administration: the admin writes; the auditor reads (phones masked).
  'GET /api/admin/accounts': row(403, 403, 403, 200, 200),
  'GET /api/admin/security-events': row(403, 403, 403, 200, 200),
  'POST /api/admin/accounts': row(403, 403, 403, 403, 201),
  'GET /api/admin/accounts/{id}': row(403, 403, 403, 200, 200),
  'PATCH /api/admin/accounts/{id}': row(403, 403, 403, 403, 200),
  'DELETE /api/admin/accounts/{id}': row(403, 403, 403, 403, 204),
  'POST /api/admin/accounts/{id}/reset-password': row(403, 403, 403, 403, 200),
  'POST /api/admin/accounts/{id}/disable': row(403, 403, 403, 403, 200),
  'POST /api/admin/accounts/{id}/unlock': row(403, 403, 403, 403, 200),
  'GET /api/admin/units': row(403, 403, 403, 200, 200),
  'GET /api/admin/channels': row(403, 403, 403, 200, 200),
  'POST /api/admin/channels': row(403, 403, 403, 403, 201),
  'DELETE /api/admin/channels/{id}': row(403, 403, 403, 403, 204),
  'PATCH /api/admin/units/{id}': row(403, 403, 403, 403, 200),
  // The directory: a unit sees its own accounts and the staff, not another unit's (404, as if absent).
  'GET /api/accounts/{id}': row([200, 404], 200, 200, 200, 200),
};

const STRONG = 'Matrix-Strong-Pass-2025!';
const PERIOD = '2025-06';

interface Task {
  id: string;
  leadUnits: string[];
  indicators: { id: string; kind: string }[];
}

describe('authorization matrix: every role × every endpoint × own / other unit', () => {
  let system: TestSystem;
  const tokens = {} as Record<Role | 'otherSubmitter', string>;
  let ownTask: Task;
  let otherTask: Task;
  let otherUnit: string;
  let unitNames: Record<string, string>;
  let endpoints: string[];
  /** (task, period) pairs of each scope's unit with no report and no urge yet: each report or urge takes one. */
  const freeSlots = {} as Record<Scope, Array<{ task: Task; period: string }>>;
  const taskOfReport = new Map<string, Task>();
  const takeSlot = (scope: Scope) => {
    const slot = freeSlots[scope].shift();
    if (!slot) throw new Error(`no (task, period) left for a fresh ${scope} report or urge`);
    return slot;
  };

  beforeAll(async () => {
    system = await startTestSystem('matrix');
    for (const role of ROLES) tokens[role] = await system.login(role === 'submitter' ? 'edu' : role);
    const tasks: Task[] = (await system.call('GET', '/api/tasks', tokens.coordinator)).body;
    const simple = (task: Task) =>
      task.leadUnits.length === 1 && task.indicators.length > 0 && task.indicators.every((i) => i.kind === 'cumulative');
    ownTask = tasks.find((task) => simple(task) && task.leadUnits[0] === 'edu')!;
    // A unit holds one report per task and period: the other unit is one with room for the reports its cells need.
    const simpleOf = (unit: string) => tasks.filter((task) => simple(task) && task.leadUnits[0] === unit);
    const others = [...new Set(tasks.filter(simple).map((task) => task.leadUnits[0]!))].filter((unit) => unit !== 'edu');
    otherUnit = others.sort((a, b) => simpleOf(b).length - simpleOf(a).length)[0]!;
    otherTask = simpleOf(otherUnit)[0]!;
    // PERIOD of the scope's task stays free: submitting it is a cell of its own.
    for (const [scope, unit, task] of [
      ['own', 'edu', ownTask],
      ['other', otherUnit, otherTask],
    ] as const)
      freeSlots[scope] = simpleOf(unit).flatMap((each) =>
        Array.from({ length: 12 }, (_, month) => ({ task: each, period: `2025-${String(month + 1).padStart(2, '0')}` })).filter(
          (slot) => slot.task.id !== task.id || slot.period !== PERIOD,
        ),
      );
    tokens.otherSubmitter = await system.login(otherUnit);
    unitNames = Object.fromEntries(
      (await system.call('GET', '/api/units', tokens.admin)).body.map((unit: { id: string; name: string }) => [unit.id, unit.name]),
    );
    const document = (await system.call('GET', '/api/docs-json')).body;
    endpoints = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
  });
  afterAll(() => system?.stop());

  /** A fresh report of the scope's unit, in a (task, period) of its own. */
  const submitFor = async (scope: Scope) => {
    const { task, period } = takeSlot(scope);
    const answer = await system.call('POST', '/api/reports', scope === 'own' ? tokens.submitter : tokens.otherSubmitter, {
      taskId: task.id,
      period,
      values: task.indicators.map((indicator) => ({ indicatorId: indicator.id, value: 1 })),
      narrative: '矩阵测试',
    });
    expect(answer.status).toBe(201);
    taskOfReport.set(answer.body.id, task);
    return answer.body.id as string;
  };
  const returnedFor = async (scope: Scope) => {
    const id = await submitFor(scope);
    expect((await system.call('POST', `/api/reports/${id}/reject`, tokens.coordinator, { reason: '请补充' })).status).toBe(200);
    return id;
  };
  /**
   * One submitted and one returned report per scope, for the cells that read or are refused: a
   * refusal changes nothing, so they share them; a cell whose action succeeds gets a fresh one.
   */
  const shared: Partial<Record<`${Scope}/${'submitted' | 'returned'}`, Promise<string>>> = {};
  const reportFor = (scope: Scope, returned: boolean, changes: boolean) => {
    if (changes) return returned ? returnedFor(scope) : submitFor(scope);
    return (shared[`${scope}/${returned ? 'returned' : 'submitted'}`] ??= returned ? returnedFor(scope) : submitFor(scope));
  };
  const uploadAs = async (token: string) => {
    const form = new FormData();
    form.append('file', new Blob([pdfFile('矩阵')]), '矩阵佐证.pdf');
    const response = await fetch(`${system.url}/api/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as { id?: string } };
  };
  /** A file of the scope's unit, named by a report of its task. */
  const attachedFor = async (scope: Scope) => {
    const { task, period } = takeSlot(scope);
    const unitToken = scope === 'own' ? tokens.submitter : tokens.otherSubmitter;
    const { body } = await uploadAs(unitToken);
    const answer = await system.call('POST', '/api/reports', unitToken, {
      taskId: task.id,
      period,
      values: task.indicators.map((indicator) => ({ indicatorId: indicator.id, value: 1 })),
      narrative: '矩阵佐证',
      attachments: [body.id],
    });
    expect(answer.status).toBe(201);
    return body.id!;
  };
  /** A notice to the unit of `scope`, taken as far as the action needs: issued, signed for, or answered. */
  const noticeFor = async (scope: Scope, upTo: 'issued' | 'acknowledged' | 'responded') => {
    const task = scope === 'own' ? ownTask : otherTask;
    const unitToken = scope === 'own' ? tokens.submitter : tokens.otherSubmitter;
    const issued = await system.call('POST', '/api/notices', tokens.coordinator, {
      taskId: task.id,
      level: 'yellow',
      matter: '矩阵督办',
      dueDate: '2099-12-31',
    });
    expect(issued.status).toBe(201);
    const id = issued.body.id as string;
    if (upTo !== 'issued') expect((await system.call('POST', `/api/notices/${id}/acknowledge`, unitToken)).status).toBe(200);
    if (upTo === 'responded') {
      const answer = { measures: '已整改', expectedBy: '2099-12-31' };
      expect((await system.call('POST', `/api/notices/${id}/respond`, unitToken, answer)).status).toBe(200);
    }
    return id;
  };
  /** A fresh urge of the scope's unit, in a (task, period) with no report (an urge is only for a missing one). */
  const urgeFor = async (scope: Scope) => {
    const { task, period } = takeSlot(scope);
    const answer = await system.call('POST', '/api/urges', tokens.coordinator, { taskIds: [task.id], period });
    expect(answer.body.urged).toHaveLength(1);
    return answer.body.urged[0].urgeId as string;
  };
  /** A fresh extension request by the scope's unit, for its task's report of PERIOD. */
  const extensionFor = async (scope: Scope) => {
    const task = scope === 'own' ? ownTask : otherTask;
    const unitToken = scope === 'own' ? tokens.submitter : tokens.otherSubmitter;
    const answer = await system.call('POST', '/api/extensions', unitToken, {
      taskId: task.id,
      period: PERIOD,
      until: '2099-12-31',
      reason: '矩阵',
    });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  /** A fresh instruction on the scope's task, read by its unit when the action needs it (落实情况 comes after 阅示). */
  const instructionFor = async (scope: Scope, read: boolean) => {
    const task = scope === 'own' ? ownTask : otherTask;
    const answer = await system.call('POST', '/api/instructions', tokens.office, { taskId: task.id, by: 'convener', text: '矩阵批示' });
    expect(answer.status).toBe(201);
    const id = answer.body.id as string;
    const unitToken = scope === 'own' ? tokens.submitter : tokens.otherSubmitter;
    if (read) expect((await system.call('POST', `/api/instructions/${id}/acknowledge`, unitToken)).status).toBe(200);
    return id;
  };
  /**
   * Bulletins are one per period (bulletin-<planId>-<period>): a shared draft, a shared published
   * one, and a fresh draft for each sign-off that succeeds. 2025-01 to 2025-04 are this suite's
   * (bulletins-api.test.ts takes 2025-06 and 2025-07 on the Temporal server the suites share).
   */
  const bulletinPeriods = { draft: '2025-01', published: '2025-02', fresh: ['2025-03', '2025-04'] };
  const draftBulletin = async (period: string) => {
    const answer = await system.call('POST', '/api/bulletins', tokens.coordinator, { period });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  let sharedDraft: Promise<string> | undefined;
  let sharedPublished: Promise<string> | undefined;
  const bulletinFor = (kind: 'draft' | 'published' | 'fresh'): Promise<string> => {
    if (kind === 'fresh') {
      const period = bulletinPeriods.fresh.shift();
      if (!period) throw new Error('no period left for a fresh bulletin');
      return draftBulletin(period);
    }
    if (kind === 'draft') return (sharedDraft ??= draftBulletin(bulletinPeriods.draft));
    return (sharedPublished ??= draftBulletin(bulletinPeriods.published).then(async (id) => {
      expect((await system.call('POST', `/api/bulletins/${id}/approve`, tokens.office)).status).toBe(200);
      return id;
    }));
  };
  const freshAccount = async () => {
    const answer = await system.call('POST', '/api/admin/accounts', tokens.admin, {
      username: `m${randomUUID().slice(0, 8)}`,
      password: STRONG,
      role: 'coordinator',
      displayName: '矩阵',
    });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const freshChannel = async () => {
    const answer = await system.call('POST', '/api/admin/channels', tokens.admin, {
      name: '矩阵',
      kind: 'webhook',
      url: 'http://127.0.0.1:9/x',
    });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const accountId = async (username: string) =>
    (await system.call('GET', '/api/admin/accounts', tokens.admin)).body.find(
      (account: { username: string }) => account.username === username,
    ).id as string;

  /** The request of one cell; objects that a request changes are made fresh for it. */
  async function requestFor(endpoint: string, role: Role, scope: Scope): Promise<{ path: string; body?: unknown; token?: string }> {
    const [method, template] = endpoint.split(' ') as [string, string];
    const unit = scope === 'own' ? 'edu' : otherUnit;
    const task = scope === 'own' ? ownTask : otherTask;
    const reportAction = template.match(/^\/api\/reports\/\{id\}\/(\w+)$/)?.[1];
    if (reportAction) {
      const expected = EXPECTED[endpoint]![role];
      const want = Array.isArray(expected) ? expected[scope === 'own' ? 0 : 1] : expected;
      const id = await reportFor(scope, reportAction === 'resubmit', want < 300);
      const values = taskOfReport.get(id)!.indicators.map((indicator) => ({ indicatorId: indicator.id, value: 2 }));
      const bodies: Record<string, unknown> = {
        resubmit: { values, narrative: '已补充' },
        reject: { reason: '数据有误' },
        return: { toStage: 'submit', reason: '退回' },
        acknowledge: { urgeId: randomUUID() },
        transfer: { toUsername: 'matrix-coordinator' },
        delegate: { toUsername: 'matrix-coordinator' },
      };
      return { path: `/api/reports/${id}/${reportAction}`, body: bodies[reportAction] ?? {} };
    }
    const noticeAction = template.match(/^\/api\/notices\/\{id\}\/(\w+)$/)?.[1];
    if (noticeAction) {
      const upTo = noticeAction === 'acknowledge' ? 'issued' : noticeAction === 'respond' ? 'acknowledged' : 'responded';
      const bodies: Record<string, unknown> = {
        respond: { measures: '已整改', expectedBy: '2099-12-31' },
        return: { reason: '请补充佐证' },
      };
      return { path: `/api/notices/${await noticeFor(scope, upTo)}/${noticeAction}`, body: bodies[noticeAction] ?? {} };
    }
    if (template === '/api/urges/{id}/acknowledge') return { path: `/api/urges/${await urgeFor(scope)}/acknowledge`, body: {} };
    const extensionAction = template.match(/^\/api\/extensions\/\{id\}\/(\w+)$/)?.[1];
    if (extensionAction)
      return {
        path: `/api/extensions/${await extensionFor(scope)}/${extensionAction}`,
        body: extensionAction === 'refuse' ? { reason: '矩阵' } : {},
      };
    const instructionAction = template.match(/^\/api\/instructions\/\{id\}\/(\w+)$/)?.[1];
    if (instructionAction) {
      const id = await instructionFor(scope, instructionAction === 'report');
      return { path: `/api/instructions/${id}/${instructionAction}`, body: instructionAction === 'report' ? { text: '已落实' } : {} };
    }
    const bulletinAction = template.match(/^\/api\/bulletins\/\{id\}\/(\w+)$/)?.[1];
    if (bulletinAction) {
      const expected = EXPECTED[endpoint]![role];
      const want = Array.isArray(expected) ? expected[scope === 'own' ? 0 : 1] : expected;
      const kind = bulletinAction === 'read' ? 'published' : bulletinAction === 'approve' && want < 300 ? 'fresh' : 'draft';
      return {
        path: `/api/bulletins/${await bulletinFor(kind)}/${bulletinAction}`,
        body: bulletinAction === 'commentary' ? { text: '矩阵通报意见' } : {},
      };
    }
    const fill = async (path: string) => {
      if (path.includes('/api/reports/{id}')) return path.replace('{id}', await reportFor(scope, false, method !== 'GET'));
      if (path.includes('/api/notices/{id}')) return path.replace('{id}', await noticeFor(scope, 'issued'));
      if (path.includes('/api/extensions/{id}')) return path.replace('{id}', await extensionFor(scope));
      if (path.includes('/api/instructions/{id}')) return path.replace('{id}', await instructionFor(scope, false));
      if (path.includes('/api/attachments/{id}')) return path.replace('{id}', await attachedFor(scope));
      if (path.includes('/api/bulletins/{id}')) return path.replace('{id}', await bulletinFor('published'));
      if (path.includes('/api/admin/accounts/{id}'))
        return path.replace('{id}', method === 'GET' ? await accountId('edu') : await freshAccount());
      if (path.includes('/api/accounts/{id}')) return path.replace('{id}', await accountId(scope === 'own' ? 'edu' : otherUnit));
      if (path.includes('/api/admin/units/{id}')) return path.replace('{id}', unit);
      if (path.includes('/api/notifications/{id}')) return path.replace('{id}', `${randomUUID()}:0`);
      if (path.includes('/api/admin/channels/{id}')) return path.replace('{id}', await freshChannel());
      if (path.includes('/api/units/{id}')) return path.replace('{id}', unit);
      if (path.includes('{taskId}')) return path.replace('{taskId}', task.id);
      if (path.includes('{planId}')) return path.replace('{planId}', 'hengyang-2025');
      return path;
    };
    const path = await fill(template);
    const bodies: Record<string, unknown> = {
      'POST /api/auth/login': { username: role === 'submitter' ? 'edu' : role, password: system.config.demoPassword },
      'POST /api/auth/totp': { challenge: 'not-a-challenge-at-all', code: '123456' },
      'POST /api/auth/refresh': { refreshToken: 'not-a-refresh-token-at-all' },
      'POST /api/auth/logout': {},
      'POST /api/auth/totp/enroll': {},
      'POST /api/auth/totp/confirm': { challenge: 'not-a-challenge-at-all', code: '123456' },
      'POST /api/reports': {
        taskId: task.id,
        period: PERIOD,
        values: task.indicators.map((i) => ({ indicatorId: i.id, value: 1 })),
        narrative: '矩阵',
      },
      'POST /api/notices': { taskId: task.id, level: 'blue', matter: '请按时报送', dueDate: '2099-12-31' },
      'POST /api/extensions': { taskId: task.id, period: PERIOD, until: '2099-12-31', reason: '矩阵' },
      'POST /api/instructions': { taskId: task.id, by: 'convener', text: '矩阵批示' },
      'POST /api/bulletins': { period: bulletinPeriods.draft },
      'POST /api/urges': { taskIds: [task.id], period: PERIOD, message: '请按时报送' },
      'POST /api/admin/channels': { name: '矩阵', kind: 'webhook', url: 'http://127.0.0.1:9/hook' },
      'POST /api/admin/accounts': { username: `n${randomUUID().slice(0, 8)}`, password: STRONG, role: 'auditor', displayName: '矩阵' },
      'PATCH /api/admin/accounts/{id}': { displayName: '改名' },
      'POST /api/admin/accounts/{id}/reset-password': { password: 'Another-Matrix-Pass-99' },
      'PATCH /api/admin/units/{id}': { name: unitNames[unit] },
    };
    const query: Record<string, string> = {
      'GET /api/exports/monthly.xlsx': `?period=${PERIOD}`,
      'GET /api/reporting-deadlines': `?period=${PERIOD}`,
    };
    // Signing out ends the token: a session of its own.
    const token = endpoint === 'POST /api/auth/logout' ? await system.login(role === 'submitter' ? 'edu' : role) : undefined;
    return {
      path: `${path}${query[endpoint] ?? ''}`,
      body: bodies[endpoint] ?? (method === 'GET' || method === 'DELETE' ? undefined : {}),
      token,
    };
  }

  it('has a row for every endpoint, and an endpoint for every row', () => {
    expect(endpoints.filter((endpoint) => !(endpoint in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((endpoint) => !endpoints.includes(endpoint))).toEqual([]);
  });

  it('answers each cell with its expected status', async () => {
    await system.call('POST', '/api/admin/accounts', tokens.admin, {
      username: 'matrix-coordinator',
      password: STRONG,
      role: 'coordinator',
      displayName: '矩阵专班',
    });
    const mismatches: string[] = [];
    let cells = 0;
    for (const endpoint of endpoints.filter((candidate) => candidate in EXPECTED)) {
      const method = endpoint.split(' ')[0]!;
      // The ten cells of an endpoint run at once: each has objects of its own.
      const outcomes = await Promise.all(
        ROLES.flatMap((role) =>
          (['own', 'other'] as const).map(async (scope) => {
            const expected = EXPECTED[endpoint]![role];
            const want = Array.isArray(expected) ? expected[scope === 'own' ? 0 : 1] : expected;
            const request = await requestFor(endpoint, role, scope);
            // An upload is multipart, not JSON.
            const answer =
              endpoint === 'POST /api/attachments'
                ? await uploadAs(tokens[role])
                : await system.request(method, request.path, { token: request.token ?? tokens[role], body: request.body });
            return answer.status === want
              ? undefined
              : `${endpoint} ${role}/${scope}: expected ${want}, got ${answer.status} ${JSON.stringify(answer.body?.detail ?? '')}`;
          }),
        ),
      );
      cells += outcomes.length;
      mismatches.push(...outcomes.filter((outcome): outcome is string => outcome !== undefined));
    }
    expect(mismatches).toEqual([]);
    expect(cells).toBe(Object.keys(EXPECTED).length * ROLES.length * 2);
  }, 600_000);

  it('scopes what a submitter lists to the tasks its unit leads', async () => {
    const tasks = (await system.call('GET', '/api/tasks', tokens.submitter)).body as Task[];
    expect(tasks.every((task) => task.leadUnits.includes('edu'))).toBe(true);
    const reports = (await system.call('GET', '/api/reports', tokens.submitter)).body as { taskId: string }[];
    expect(reports.length).toBeGreaterThan(0);
    const own = new Set(tasks.map((task) => task.id));
    expect(reports.every((report) => own.has(report.taskId))).toBe(true);
    const filtered = await system.call('GET', `/api/reports?taskId=${otherTask.id}`, tokens.submitter);
    expect(filtered).toEqual({ status: 200, body: [] });
    const coordinatorView = (await system.call('GET', `/api/reports?taskId=${otherTask.id}`, tokens.coordinator)).body;
    expect(coordinatorView.length).toBeGreaterThan(0);
  });
});
