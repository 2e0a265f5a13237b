import { startTestSystem, type TestSystem } from '../support/system';

/** 催报 over HTTP, against the whole system: urge the unreported, skip the rest, each lead unit acknowledges. */
describe('urges to report through the API', () => {
  let system: TestSystem;
  let coordinator: string;
  let office: string;
  let edu: string;
  let transport: string;
  let post: string;
  let auditor: string;
  const period = '2025-06';
  const reportedTask = 'hengyang-2025-P02';
  const unreportedTask = 'hengyang-2025-P01';
  const coLedTask = 'hengyang-2025-P15';

  beforeAll(async () => {
    system = await startTestSystem('urges-api');
    [coordinator, office, edu, transport, post, auditor] = await Promise.all(
      ['coordinator', 'office', 'edu', 'transport', 'post', 'auditor'].map((u) => system.login(u)),
    );
    // 市教育局 has filed P02's report for the period; P01 and P15 have nothing.
    const tasks = (await system.call('GET', '/api/tasks', edu)).body as Array<{ id: string; indicators: { id: string }[] }>;
    const p02 = tasks.find((task) => task.id === reportedTask)!;
    const filed = await system.call('POST', '/api/reports', edu, {
      taskId: reportedTask,
      period,
      values: p02.indicators.map((indicator) => ({ indicatorId: indicator.id, value: 1 })),
      narrative: '按期报送',
    });
    expect(filed.status).toBe(201);
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
  });
  afterAll(() => system?.stop());

  it('urges the tasks without a report, once per task and period, and says what it skipped', async () => {
    const first = await system.call('POST', '/api/urges', coordinator, {
      taskIds: [unreportedTask, reportedTask, coLedTask],
      period,
      message: '请于本周五前报送',
    });
    expect(first).toMatchObject({
      status: 201,
      body: {
        period,
        urged: [
          { taskId: unreportedTask, urgeId: `${unreportedTask}-${period}`, unitIds: ['edu'] },
          { taskId: coLedTask, urgeId: `${coLedTask}-${period}`, unitIds: ['transport', 'post'] },
        ],
        skipped: [{ taskId: reportedTask, reason: 'already_reported' }],
      },
    });
    // A repeat, and two offices at once, create nothing new.
    const again = await Promise.all([
      system.call('POST', '/api/urges', office, { taskIds: [unreportedTask, coLedTask], period }),
      system.call('POST', '/api/urges', coordinator, { taskIds: [coLedTask], period }),
    ]);
    for (const answer of again) {
      expect(answer.status).toBe(201);
      expect(answer.body.urged).toEqual([]);
      expect(answer.body.skipped.every((s: { reason: string }) => s.reason === 'already_urged')).toBe(true);
    }
    const stream = await system.storage.store.readStream(`urge-${coLedTask}-${period}`);
    expect(stream.map((e) => e.type)).toEqual(['TaskUrged']);
    expect(stream[0]!.data).toMatchObject({ message: '请于本周五前报送', unitIds: ['transport', 'post'] });

    // Each lead unit acknowledges its own; another unit cannot even see it.
    const id = `${coLedTask}-${period}`;
    expect((await system.call('POST', `/api/urges/${id}/acknowledge`, edu)).status).toBe(404);
    expect((await system.call('POST', `/api/urges/${id}/acknowledge`, coordinator)).status).toBe(403);
    expect((await system.call('POST', `/api/urges/${id}/acknowledge`, transport)).body).toMatchObject({
      status: 'urged',
      acknowledgedBy: ['transport'],
    });
    expect((await system.call('POST', `/api/urges/${id}/acknowledge`, post)).body).toMatchObject({ status: 'acknowledged' });
    expect((await system.storage.store.readStream(`urge-${id}`)).map((e) => e.type)).toEqual([
      'TaskUrged',
      'TaskUrgeAcknowledged',
      'TaskUrgeAcknowledged',
    ]);
    // Acknowledged and ended: urging again still finds it.
    const later = await system.call('POST', '/api/urges', coordinator, { taskIds: [coLedTask], period });
    expect(later.body.skipped).toEqual([{ taskId: coLedTask, urgeId: id, reason: 'already_urged' }]);

    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const own = (await system.call('GET', `/api/urges?period=${period}`, edu)).body as Array<{ id: string; unitIds: string[] }>;
    expect(own.map((u) => u.id)).toEqual([`${unreportedTask}-${period}`]);
    const all = (await system.call('GET', `/api/urges?period=${period}&unitId=post`, auditor)).body;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id, status: 'acknowledged', history: [{ type: 'TaskUrged', role: 'coordinator' }, {}, {}] });
    expect((await system.call('GET', `/api/urges?status=urged`, coordinator)).body.map((u: { id: string }) => u.id)).toEqual([
      `${unreportedTask}-${period}`,
    ]);
  });

  it('refuses bad input with the field named, and urges nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ taskIds: [], period }, 'taskIds'],
      [{ taskIds: [unreportedTask, 'no-such-task'], period }, 'taskIds[1]'],
      [{ taskIds: [unreportedTask], period: '2025/07' }, 'period'],
      [{ taskIds: [unreportedTask], period: '2024-07' }, 'period'],
      [{ taskIds: [unreportedTask], period: '2025-07', message: '催'.repeat(501) }, 'message'],
    ];
    for (const [body, field] of cases) {
      const answer = await system.call('POST', '/api/urges', coordinator, body);
      expect([answer.status, answer.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
    expect((await system.call('POST', '/api/urges', edu, { taskIds: [unreportedTask], period: '2025-07' })).status).toBe(403);
    expect(await system.storage.store.readStream(`urge-${unreportedTask}-2025-07`)).toEqual([]);
  });
});
