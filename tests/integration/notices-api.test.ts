import { startTestSystem, type TestSystem } from '../support/system';

/** The 督办单 loop over HTTP, against the whole system: issue → 签收 → 整改反馈 → 退回 → 整改反馈 → 销号. */
describe('supervision notices through the API', () => {
  let system: TestSystem;
  let coordinator: string;
  let office: string;
  let edu: string;
  let hrss: string;
  let auditor: string;
  const taskId = 'hengyang-2025-P01';

  beforeAll(async () => {
    system = await startTestSystem('notices-api');
    [coordinator, office, edu, hrss, auditor] = await Promise.all(
      ['coordinator', 'office', 'edu', 'hrss', 'auditor'].map((u) => system.login(u)),
    );
  });
  afterAll(() => system?.stop());

  it('walks a notice from issue to 销号, with the unit and the office each doing their part', async () => {
    const issued = await system.call('POST', '/api/notices', coordinator, {
      taskId,
      level: 'yellow',
      matter: '请说明电脑配置进度滞后原因',
      dueDate: '2099-06-30',
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({
      taskId,
      unitIds: ['edu'],
      level: 'yellow',
      cause: 'manual',
      status: 'issued',
      dueAt: '2099-06-30T15:59:59.999Z',
    });
    const id = issued.body.id;

    // Read right after the write, whether or not the projector has caught up.
    const seen = await system.call('GET', `/api/notices/${id}`, edu);
    expect(seen).toMatchObject({ status: 200, body: { id, unitId: 'edu', status: 'issued', matter: '请说明电脑配置进度滞后原因' } });
    // Another unit learns nothing of it; an auditor reads it.
    expect((await system.call('GET', `/api/notices/${id}`, hrss)).status).toBe(404);
    expect((await system.call('POST', `/api/notices/${id}/acknowledge`, hrss)).status).toBe(404);
    expect((await system.call('GET', `/api/notices/${id}`, auditor)).status).toBe(200);

    // Answering before signing is refused, and leaves nothing.
    const early = await system.call('POST', `/api/notices/${id}/respond`, edu, { measures: '已招标', expectedBy: '2099-08-31' });
    expect(early.status).toBe(409);
    expect((await system.call('POST', `/api/notices/${id}/acknowledge`, edu)).body).toMatchObject({ status: 'acknowledged' });
    const answer = { measures: '已完成招标，8月底前到货', expectedBy: '2099-08-31', evidence: ['合同编号 HY-2025-018'] };
    expect((await system.call('POST', `/api/notices/${id}/respond`, edu, answer)).body).toMatchObject({ status: 'responded' });
    expect((await system.call('POST', `/api/notices/${id}/return`, coordinator, { reason: '缺少到货计划' })).body).toMatchObject({
      status: 'returned',
    });
    expect((await system.call('POST', `/api/notices/${id}/respond`, edu, { ...answer, measures: '补充到货计划' })).body).toMatchObject({
      status: 'responded',
    });
    const closed = await system.call('POST', `/api/notices/${id}/close`, office, { comment: '核查属实，予以销号' });
    expect(closed).toMatchObject({ status: 200, body: { status: 'closed' } });
    expect((await system.call('POST', `/api/notices/${id}/close`, coordinator, {})).status).toBe(409);

    const events = (await system.storage.store.readStream(`notice-${id}`)).map((e) => e.type);
    expect(events).toEqual(['NoticeIssued', 'NoticeAcknowledged', 'NoticeResponded', 'NoticeReturned', 'NoticeResponded', 'NoticeClosed']);

    // The board, once the projector has it: the whole history, with who acted.
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const board = await system.call('GET', `/api/notices?taskId=${taskId}&status=closed`, coordinator);
    const row = board.body.find((n: { id: string }) => n.id === id);
    expect(row.history.map((h: { type: string }) => h.type)).toEqual(events);
    expect(row.history[3]).toMatchObject({ role: 'coordinator', detail: { reason: '缺少到货计划' } });
    expect((await system.call('GET', '/api/notices', hrss)).body.some((n: { id: string }) => n.id === id)).toBe(false);
  });

  it('refuses bad input with the field named, and starts nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ taskId, level: 'purple', matter: 'x', dueDate: '2099-01-01' }, 'level'],
      [{ taskId, level: 'red', matter: '', dueDate: '2099-01-01' }, 'matter'],
      [{ taskId, level: 'red', matter: 'x', dueDate: '2099/01/01' }, 'dueDate'],
      [{ taskId, level: 'red', matter: 'x', dueDate: '2020-01-01' }, 'dueDate'],
      [{ taskId: 'no-such-task', level: 'red', matter: 'x', dueDate: '2099-01-01' }, 'taskId'],
      [{ taskId, level: 'red', matter: 'x', dueDate: '2099-01-01', unitIds: ['hrss'] }, 'unitIds'],
    ];
    for (const [body, field] of cases) {
      const answer = await system.call('POST', '/api/notices', coordinator, body);
      expect([answer.status, answer.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
    expect((await system.call('POST', '/api/notices', edu, { taskId, level: 'red', matter: 'x', dueDate: '2099-01-01' })).status).toBe(403);
  });

  it('has a route for each row of NOTICE_ACTIONS only: an unknown action is a 404, a bad body a 400 naming the field; neither leaves an event', async () => {
    const issued = await system.call('POST', '/api/notices', coordinator, {
      taskId,
      level: 'blue',
      matter: '核实进度',
      dueDate: '2099-06-30',
    });
    const id = issued.body.id;
    const unknown = await system.call('POST', `/api/notices/${id}/extend`, coordinator, { until: '2099-07-31' });
    expect([unknown.status, unknown.body.status]).toEqual([404, 404]);
    const cases: Array<[string, string, unknown, string]> = [
      ['respond', edu, { measures: '已整改', expectedBy: '2099/08/31' }, 'expectedBy'],
      ['respond', edu, { expectedBy: '2099-08-31' }, 'measures'],
      ['return', coordinator, { reason: '' }, 'reason'],
      ['close', office, { comment: '销号', closedBy: 'office' }, 'closedBy'],
    ];
    for (const [op, token, body, field] of cases) {
      const answer = await system.call('POST', `/api/notices/${id}/${op}`, token, body);
      expect([op, answer.status, new Set(answer.body.errors.map((e: { field: string }) => e.field))]).toEqual([op, 400, new Set([field])]);
    }
    expect((await system.storage.store.readStream(`notice-${id}`)).map((e) => e.type)).toEqual(['NoticeIssued']);
  });
});
