import { eventually, startTestSystem, type TestSystem } from '../support/system';

/** 延期申请 over HTTP, against the whole system: a unit asks, the office approves or refuses. */
describe('extension requests through the API', () => {
  let system: TestSystem;
  let coordinator: string;
  let office: string;
  let hrss: string;
  let edu: string;
  let auditor: string;
  const taskId = 'hengyang-2025-P04';

  beforeAll(async () => {
    system = await startTestSystem('extensions-api');
    [coordinator, office, hrss, edu, auditor] = await Promise.all(
      ['coordinator', 'office', 'hrss', 'edu', 'auditor'].map((u) => system.login(u)),
    );
  });
  afterAll(() => system?.stop());

  const types = async (id: string) => (await system.storage.store.readStream(`extension-${id}`)).map((e) => e.type);

  it('asks for a later deadline for a period’s report; the office approves it once', async () => {
    const asked = await system.call('POST', '/api/extensions', hrss, {
      taskId,
      period: '2025-06',
      until: '2099-01-31',
      reason: '统计口径调整',
    });
    expect(asked).toMatchObject({
      status: 201,
      body: { taskId, unitId: 'hrss', period: '2025-06', deadline: '2025-07-25T16:00:00.000Z', until: '2099-01-31', status: 'requested' },
    });
    const id = asked.body.id;
    // Read right after the write; another unit learns nothing of it; an auditor reads it.
    expect((await system.call('GET', `/api/extensions/${id}`, hrss)).body).toMatchObject({ id, status: 'requested' });
    expect((await system.call('GET', `/api/extensions/${id}`, edu)).status).toBe(404);
    expect((await system.call('GET', `/api/extensions/${id}`, auditor)).status).toBe(200);

    expect((await system.call('POST', `/api/extensions/${id}/approve`, coordinator, {})).status).toBe(403);
    expect((await system.call('POST', `/api/extensions/${id}/approve`, hrss, {})).status).toBe(403);
    const approved = await system.call('POST', `/api/extensions/${id}/approve`, office, { comment: '同意延期' });
    expect(approved).toMatchObject({ status: 200, body: { status: 'approved', comment: '同意延期' } });
    expect((await system.call('POST', `/api/extensions/${id}/refuse`, office, { reason: '改变主意' })).status).toBe(409);
    expect(await types(id)).toEqual(['ExtensionRequested', 'ExtensionApproved']);
    const [, event] = await system.storage.store.readStream(`extension-${id}`);
    expect(event!.data).toMatchObject({ taskId, period: '2025-06', until: '2099-01-31' });

    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const listed = (await system.call('GET', `/api/extensions?taskId=${taskId}`, hrss)).body;
    expect(listed.find((x: { id: string }) => x.id === id)).toMatchObject({
      status: 'approved',
      history: [
        { type: 'ExtensionRequested', role: 'submitter' },
        { type: 'ExtensionApproved', role: 'office' },
      ],
    });
    expect((await system.call('GET', '/api/extensions', edu)).body).toEqual([]);
  });

  it('approved for a notice, moves the notice’s response deadline', async () => {
    const issued = await system.call('POST', '/api/notices', coordinator, {
      taskId,
      level: 'yellow',
      matter: '请说明原因',
      dueDate: '2099-06-30',
    });
    const noticeId = issued.body.id;
    expect(
      (await system.call('POST', `/api/extensions`, hrss, { taskId, noticeId, until: '2099-06-30', reason: '需省级批复' })).status,
    ).toBe(400);
    const asked = await system.call('POST', '/api/extensions', hrss, { taskId, noticeId, until: '2099-07-15', reason: '需省级批复' });
    expect(asked).toMatchObject({ status: 201, body: { noticeId, deadline: '2099-06-30T15:59:59.999Z' } });
    expect((await system.call('POST', `/api/extensions/${asked.body.id}/approve`, office, {})).status).toBe(200);
    const moved = await eventually(async () => {
      const notice = await system.call('GET', `/api/notices/${noticeId}`, hrss);
      return notice.body.dueAt === '2099-07-15T15:59:59.999Z' ? notice.body : undefined;
    });
    expect(moved.history.at(-1)).toMatchObject({ type: 'NoticeDeadlineExtended', detail: { extensionId: asked.body.id } });
  });

  it('is refused with a reason; a refusal without one is a 400 and leaves no event', async () => {
    const asked = await system.call('POST', '/api/extensions', hrss, {
      taskId,
      period: '2025-07',
      until: '2099-02-28',
      reason: '人手不足',
    });
    const id = asked.body.id;
    const bare = await system.call('POST', `/api/extensions/${id}/refuse`, office, {});
    expect([bare.status, new Set(bare.body.errors.map((e: { field: string }) => e.field))]).toEqual([400, new Set(['reason'])]);
    expect(await types(id)).toEqual(['ExtensionRequested']);
    expect((await system.call('POST', `/api/extensions/${id}/refuse`, office, { reason: '理由不充分' })).body).toMatchObject({
      status: 'refused',
      comment: '理由不充分',
    });
    expect(await types(id)).toEqual(['ExtensionRequested', 'ExtensionRefused']);
  });

  it('refuses bad requests with the field named, and starts nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ taskId, until: '2099-01-31', reason: 'x' }, 'period'],
      [{ taskId, period: '2025-06', noticeId: 'n-1', until: '2099-01-31', reason: 'x' }, 'noticeId'],
      [{ taskId, period: '2025/06', until: '2099-01-31', reason: 'x' }, 'period'],
      [{ taskId, period: '2024-06', until: '2099-01-31', reason: 'x' }, 'period'],
      [{ taskId, period: '2025-06', until: '2020-01-31', reason: 'x' }, 'until'],
      [{ taskId, period: '2025-06', until: '2099-01-31', reason: '' }, 'reason'],
      [{ taskId, noticeId: 'no-such-notice', until: '2099-01-31', reason: 'x' }, 'noticeId'],
      [{ taskId: 'no-such-task', period: '2025-06', until: '2099-01-31', reason: 'x' }, 'taskId'],
    ];
    for (const [body, field] of cases) {
      const answer = await system.call('POST', '/api/extensions', hrss, body);
      expect([answer.status, answer.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
    // Not a lead unit of the task, and not a unit at all.
    expect(
      (await system.call('POST', '/api/extensions', edu, { taskId, period: '2025-06', until: '2099-01-31', reason: 'x' })).status,
    ).toBe(403);
    expect(
      (await system.call('POST', '/api/extensions', office, { taskId, period: '2025-06', until: '2099-01-31', reason: 'x' })).status,
    ).toBe(403);
  });
});
