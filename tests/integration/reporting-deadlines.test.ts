import { eventually, startTestSystem, type TestSystem } from '../support/system';

/** 报送截止 over HTTP: the deadline in force of each task a 牵头单位 leads, moved only by its own approved extensions. */
describe('reporting deadlines through the API', () => {
  let system: TestSystem;
  let office: string;
  let hrss: string;
  let data: string;
  let edu: string;
  // P16 is co-led by 市数据局 (data) and 市人社局 (hrss); P04 is led by hrss alone, P01 by edu.
  const P16 = 'hengyang-2025-P16';
  const P04 = 'hengyang-2025-P04';
  const P01 = 'hengyang-2025-P01';
  // The plan calendar: a month's report is due by the end of the 25th of the next month, China time.
  const JUNE_DEADLINE = '2025-07-25T16:00:00.000Z';

  beforeAll(async () => {
    system = await startTestSystem('reporting-deadlines');
    [office, hrss, data, edu] = await Promise.all(['office', 'hrss', 'data', 'edu'].map((u) => system.login(u)));
  });
  afterAll(() => system?.stop());

  const deadlines = (token: string | undefined, period: string) =>
    system.call('GET', `/api/reporting-deadlines?period=${encodeURIComponent(period)}`, token);
  const settled = async () => system.services.projector.waitFor(await system.storage.store.lastPosition());
  const byTask = (body: Array<{ taskId: string }>) => new Map(body.map((entry) => [entry.taskId, entry]));

  it('is the plan calendar’s for each task the unit leads, and no other unit’s', async () => {
    const answer = await deadlines(hrss, '2025-06');
    expect(answer.status).toBe(200);
    const led = (await system.call('GET', '/api/tasks', hrss)).body.map((task: { id: string }) => task.id);
    expect(answer.body.map((entry: { taskId: string }) => entry.taskId)).toEqual(led);
    expect(byTask(answer.body).get(P04)).toEqual({
      taskId: P04,
      unitId: 'hrss',
      period: '2025-06',
      deadline: JUNE_DEADLINE,
      calendarDeadline: JUNE_DEADLINE,
    });
    // December's report is due in January of the next year.
    expect(byTask((await deadlines(hrss, '2025-12')).body).get(P04)).toMatchObject({ deadline: '2026-01-25T16:00:00.000Z' });
    // Another unit reads its own tasks only.
    const ofEdu = byTask((await deadlines(edu, '2025-06')).body);
    expect([ofEdu.has(P01), ofEdu.has(P04), ofEdu.has(P16)]).toEqual([true, false, false]);
    // A month of another plan year has no deadline for this plan's tasks.
    expect((await deadlines(hrss, '2024-06')).body).toEqual([]);
  });

  it('moves for the unit, task and period of an approved extension, and for nothing else', async () => {
    const asked = await system.call('POST', '/api/extensions', hrss, {
      taskId: P16,
      period: '2025-06',
      until: '2099-01-31',
      reason: '社保卡数据待省厅核验',
    });
    expect(asked.status).toBe(201);
    await settled();
    // Asked, not yet approved: the deadline stands.
    expect(byTask((await deadlines(hrss, '2025-06')).body).get(P16)).toMatchObject({ deadline: JUNE_DEADLINE });
    expect((await system.call('POST', `/api/extensions/${asked.body.id}/approve`, office, {})).status).toBe(200);
    const moved = await eventually(async () => {
      const entry = byTask((await deadlines(hrss, '2025-06')).body).get(P16) as { extensionId?: string } | undefined;
      return entry?.extensionId ? entry : undefined;
    });
    expect(moved).toEqual({
      taskId: P16,
      unitId: 'hrss',
      period: '2025-06',
      deadline: '2099-01-31T15:59:59.999Z',
      calendarDeadline: JUNE_DEADLINE,
      extensionId: asked.body.id,
    });
    // The co-leading unit's deadline, another task's and another month's stand.
    expect(byTask((await deadlines(data, '2025-06')).body).get(P16)).toEqual({
      taskId: P16,
      unitId: 'data',
      period: '2025-06',
      deadline: JUNE_DEADLINE,
      calendarDeadline: JUNE_DEADLINE,
    });
    expect(byTask((await deadlines(hrss, '2025-06')).body).get(P04)).toMatchObject({ deadline: JUNE_DEADLINE });
    expect(byTask((await deadlines(hrss, '2025-07')).body).get(P16)).not.toHaveProperty('extensionId');
  });

  it('tells when the unit first submitted its report of the period', async () => {
    const before = Date.now();
    const values = [
      { indicatorId: 'P01-1', value: 20000 },
      { indicatorId: 'P01-2', value: 100 },
    ];
    expect((await system.call('POST', '/api/reports', edu, { taskId: P01, period: '2025-03', values, narrative: '' })).status).toBe(201);
    const entry = await eventually(async () => {
      const found = byTask((await deadlines(edu, '2025-03')).body).get(P01) as { submittedAt?: string } | undefined;
      return found?.submittedAt ? found : undefined;
    });
    expect(Date.parse(entry.submittedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(byTask((await deadlines(edu, '2025-04')).body).get(P01)).not.toHaveProperty('submittedAt');
  });

  it('refuses a bad period with 400 naming it, and every role but a unit’s submitter', async () => {
    for (const period of ['2025-13', '2025/06', '2025-6', 'x']) {
      const answer = await deadlines(hrss, period);
      expect([period, answer.status, answer.body.errors.map((e: { field: string }) => e.field)]).toEqual([period, 400, ['period']]);
    }
    const missing = await system.call('GET', '/api/reporting-deadlines', hrss);
    expect([missing.status, new Set(missing.body.errors.map((e: { field: string }) => e.field))]).toEqual([400, new Set(['period'])]);
    for (const username of ['office', 'coordinator', 'auditor', 'admin']) {
      expect([username, (await deadlines(await system.login(username), '2025-06')).status]).toEqual([username, 403]);
    }
    expect((await deadlines(undefined, '2025-06')).status).toBe(401);
  });
});
