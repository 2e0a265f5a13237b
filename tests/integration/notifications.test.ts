import { startTestSystem, type TestSystem } from '../support/system';

interface Notification {
  id: string;
  kind: string;
  title: string;
  text: string;
  documentKind: string;
  documentId: string;
  read: boolean;
}

/** The notification centre over HTTP: what asks something of the reader, in Chinese, read once. */
describe('notifications through the API', () => {
  let system: TestSystem;
  let coordinator: string;
  let office: string;
  let edu: string;
  let transport: string;
  let reportId: string;
  const period = '2025-06';
  const task = 'hengyang-2025-P01';

  const list = async (token: string, query = '') => (await system.call('GET', `/api/notifications${query}`, token)).body as Notification[];
  const unread = async (token: string) => (await system.call('GET', '/api/notifications/unread-count', token)).body as { unread: number };
  const settle = async () => system.services.projector.waitFor(await system.storage.store.lastPosition());

  beforeAll(async () => {
    system = await startTestSystem('notifications');
    [coordinator, office, edu, transport] = await Promise.all(['coordinator', 'office', 'edu', 'transport'].map((u) => system.login(u)));
    const tasks = (await system.call('GET', '/api/tasks', edu)).body as Array<{ id: string; indicators: { id: string }[] }>;
    const p01 = tasks.find((t) => t.id === task)!;
    const filed = await system.call('POST', '/api/reports', edu, {
      taskId: task,
      period,
      values: p01.indicators.map((indicator) => ({ indicatorId: indicator.id, value: 10 })),
      narrative: '按期报送',
    });
    expect(filed.status).toBe(201);
    reportId = filed.body.id;
    await settle();
  });
  afterAll(() => system?.stop());

  it('tells the staff of the 工作专班办公室 a report waits for their review, in Chinese, and nobody else', async () => {
    const waiting = (await list(coordinator)).find((n) => n.documentId === reportId);
    expect(waiting).toMatchObject({
      kind: 'report_waiting',
      title: '待办：P01 更新义务教育学校设备',
      text: '2025年6月进展报告待专班办公室审核。',
      documentKind: 'report',
      read: false,
    });
    expect((await list(office)).some((n) => n.documentId === reportId)).toBe(false);
    expect((await list(edu)).some((n) => n.documentId === reportId)).toBe(false);
  });

  it('counts what is unread, and marks one read once however often it is read', async () => {
    const before = (await unread(coordinator)).unread;
    const waiting = (await list(coordinator, '?unread=true')).find((n) => n.documentId === reportId)!;
    expect(before).toBeGreaterThanOrEqual(1);
    const events = async () => (await system.storage.store.readStream(`notifications-read-${await accountId(coordinator)}`)).length;
    const stored = await events();
    const reads = await Promise.all([1, 2, 3].map(() => system.call('POST', `/api/notifications/${waiting.id}/read`, coordinator)));
    expect(reads.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await events()).toBe(stored + 1);
    await settle();
    expect((await unread(coordinator)).unread).toBe(before - 1);
    expect((await list(coordinator, '?unread=true')).some((n) => n.id === waiting.id)).toBe(false);
    expect((await list(coordinator)).find((n) => n.id === waiting.id)?.read).toBe(true);
  });

  it('moves with the report: the office is told once the staff approve, the unit when it is sent back', async () => {
    expect((await system.call('POST', `/api/reports/${reportId}/approve`, coordinator, { comment: '同意' })).status).toBe(200);
    await settle();
    expect((await list(office)).find((n) => n.documentId === reportId)).toMatchObject({ text: '2025年6月进展报告待专班办公室签发。' });
    expect((await system.call('POST', `/api/reports/${reportId}/reject`, office, { reason: '数据需核实' })).status).toBe(200);
    await settle();
    expect((await list(edu)).find((n) => n.documentId === reportId)).toMatchObject({ kind: 'report_returned' });
    expect((await list(transport)).some((n) => n.documentId === reportId)).toBe(false);
  });

  it('tells a unit it was urged (催报), and refuses what is not the reader’s or not an id', async () => {
    expect((await system.call('POST', '/api/urges', coordinator, { taskIds: ['hengyang-2025-P02'], period })).status).toBe(201);
    await settle();
    const urged = (await list(edu)).find((n) => n.kind === 'task_urged')!;
    expect(urged).toMatchObject({ title: '催报：P02 改善省属本科高校学生住宿条件', text: '2025年6月进展报告尚未报送，请尽快报送。' });
    expect((await system.call('POST', `/api/notifications/${urged.id}/read`, transport)).status).toBe(404);
    expect((await system.call('POST', '/api/notifications/not-an-id/read', edu)).status).toBe(400);
    expect((await system.call('GET', '/api/notifications?unread=maybe', edu)).status).toBe(400);
  });

  it('lets the admin add a delivery channel (the robot’s key never shown again), auditors read, and stop it', async () => {
    const admin = await system.login('admin');
    const auditor = await system.login('auditor');
    const bad = await system.call('POST', '/api/admin/channels', admin, { name: '群', kind: 'wecom', url: 'ftp://example.org' });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'url' }] } });
    const noUnit = await system.call('POST', '/api/admin/channels', admin, {
      name: '群',
      kind: 'webhook',
      url: 'http://127.0.0.1:9/hook',
      unitId: 'no-such-unit',
    });
    expect(noUnit).toMatchObject({ status: 400, body: { errors: [{ field: 'unitId' }] } });
    const created = await system.call('POST', '/api/admin/channels', admin, {
      name: '教育局工作群',
      kind: 'wecom',
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-1234',
      unitId: 'edu',
      kinds: ['task_urged', 'notice_issued'],
    });
    expect(created).toMatchObject({
      status: 201,
      body: { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…', unitId: 'edu', enabled: true, hasSecret: false },
    });
    expect(JSON.stringify((await system.call('GET', '/api/admin/channels', auditor)).body)).not.toContain('robot-key-1234');
    expect((await system.call('DELETE', `/api/admin/channels/${created.body.id}`, admin)).status).toBe(204);
    const listed = (await system.call('GET', '/api/admin/channels', auditor)).body as Array<{ id: string; enabled: boolean }>;
    expect(listed.find((c) => c.id === created.body.id)?.enabled).toBe(false);
  });

  async function accountId(token: string): Promise<string> {
    return ((await system.call('GET', '/api/auth/me', token)).body as { id: string }).id;
  }
});
