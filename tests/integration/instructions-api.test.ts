import { startTestSystem, type TestSystem } from '../support/system';

/** 领导批示 over HTTP, against the whole system: the office records it, the lead unit reads it and reports how it was carried out. */
describe('leadership instructions through the API', () => {
  let system: TestSystem;
  let coordinator: string;
  let office: string;
  let edu: string;
  let hrss: string;
  let auditor: string;
  const taskId = 'hengyang-2025-P01';

  beforeAll(async () => {
    system = await startTestSystem('instructions-api');
    [coordinator, office, edu, hrss, auditor] = await Promise.all(
      ['coordinator', 'office', 'edu', 'hrss', 'auditor'].map((u) => system.login(u)),
    );
  });
  afterAll(() => system?.stop());

  it('records an instruction of the convener on a task; the lead unit reads it and reports how it was carried out', async () => {
    const recorded = await system.call('POST', '/api/instructions', office, { taskId, by: 'convener', text: '请加快推进电脑配置' });
    expect(recorded).toMatchObject({
      status: 201,
      body: { taskId, unitIds: ['edu'], status: 'recorded', by: { role: 'convener', unit: 'gov', position: '分管副市长' } },
    });
    const id = recorded.body.id;
    expect((await system.call('GET', `/api/instructions/${id}`, edu)).body).toMatchObject({ id, text: '请加快推进电脑配置' });
    expect((await system.call('GET', `/api/instructions/${id}`, hrss)).status).toBe(404);
    expect((await system.call('GET', `/api/instructions/${id}`, auditor)).status).toBe(200);

    expect((await system.call('POST', `/api/instructions/${id}/report`, edu, { text: '已部署' })).status).toBe(409);
    expect((await system.call('POST', `/api/instructions/${id}/acknowledge`, hrss)).status).toBe(404);
    expect((await system.call('POST', `/api/instructions/${id}/acknowledge`, edu)).body).toMatchObject({ status: 'acknowledged' });
    const reported = await system.call('POST', `/api/instructions/${id}/report`, edu, { text: '已完成招标，8月底前到货' });
    expect(reported).toMatchObject({
      status: 200,
      body: { status: 'reported', reports: [{ unitId: 'edu', text: '已完成招标，8月底前到货' }] },
    });
    expect((await system.call('POST', `/api/instructions/${id}/report`, edu, { text: '再次报送' })).status).toBe(409);
    const events = (await system.storage.store.readStream(`instruction-${id}`)).map((e) => e.type);
    expect(events).toEqual(['InstructionRecorded', 'InstructionAcknowledged', 'InstructionCarriedOut']);

    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const listed = (await system.call('GET', `/api/instructions?taskId=${taskId}`, edu)).body;
    expect(listed.find((i: { id: string }) => i.id === id)).toMatchObject({
      status: 'reported',
      history: [{ type: 'InstructionRecorded', role: 'office' }, { role: 'submitter' }, { role: 'submitter' }],
    });
    expect((await system.call('GET', `/api/instructions?taskId=${taskId}`, hrss)).body).toEqual([]);
  });

  it('records an instruction of a deputy convener on a notice, for the units the notice went to', async () => {
    const notice = await system.call('POST', '/api/notices', coordinator, {
      taskId,
      level: 'red',
      matter: '逾期未报',
      dueDate: '2099-06-30',
    });
    const noticeId = notice.body.id;
    const recorded = await system.call('POST', '/api/instructions', office, {
      noticeId,
      by: 'deputy_convener',
      byUnit: 'hrss',
      text: '请市教育局说明原因',
    });
    expect(recorded).toMatchObject({
      status: 201,
      body: { taskId, noticeId, unitIds: ['edu'], by: { role: 'deputy_convener', unit: 'hrss', position: '主要负责人' } },
    });
  });

  it('refuses bad input with the field named; only the office records', async () => {
    const cases: Array<[unknown, string]> = [
      [{ taskId, by: 'deputy_convener', text: 'x' }, 'byUnit'],
      [{ taskId, by: 'deputy_convener', byUnit: 'edu', text: 'x' }, 'byUnit'],
      [{ taskId, by: 'mayor', text: 'x' }, 'by'],
      [{ taskId, by: 'convener', text: '' }, 'text'],
      [{ by: 'convener', text: 'x' }, 'taskId'],
      [{ taskId: 'no-such-task', by: 'convener', text: 'x' }, 'taskId'],
      [{ noticeId: 'no-such-notice', by: 'convener', text: 'x' }, 'noticeId'],
      [{ taskId, noticeId: 'no-such-notice', by: 'convener', text: 'x' }, 'noticeId'],
    ];
    for (const [body, field] of cases) {
      const answer = await system.call('POST', '/api/instructions', office, body);
      expect([answer.status, answer.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
    for (const token of [coordinator, edu, auditor])
      expect((await system.call('POST', '/api/instructions', token, { taskId, by: 'convener', text: 'x' })).status).toBe(403);
  });

  it('gives every role the plan’s task force: the positions an instruction may name, with their units, and no person', async () => {
    const admin = await system.login('admin');
    const tasks = (await system.call('GET', '/api/tasks', edu)).body as { id: string; planId: string }[];
    expect(tasks.find((t) => t.id === taskId)?.planId).toBe('hengyang-2025');
    const answers = await Promise.all(
      [coordinator, office, edu, auditor, admin].map((token) => system.call('GET', '/api/plans/hengyang-2025/task-force', token)),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    const { status, body } = answers[0]!;
    expect(status).toBe(200);
    expect(body).toMatchObject({
      planId: 'hengyang-2025',
      name: '民生补短提质攻坚工作专班',
      convener: { role: 'convener', unitId: 'gov', unitName: '市政府', position: '分管副市长' },
      office: { unitId: 'hrss', unitName: '市人力资源和社会保障局', duties: '负责日常协调和调度工作' },
    });
    expect(body.deputyConveners).toEqual([
      { role: 'deputy_convener', unitId: 'gov', unitName: '市政府', position: '协管副秘书长' },
      { role: 'deputy_convener', unitId: 'hrss', unitName: '市人力资源和社会保障局', position: '主要负责人' },
      { role: 'deputy_convener', unitId: 'ecology-environment', unitName: '市生态环境局', position: '主要负责人' },
      { role: 'deputy_convener', unitId: 'agriculture', unitName: '市农业农村局', position: '主要负责人' },
    ]);
    expect(body.memberUnits).toHaveLength(25);
    expect(body.memberUnits[1]).toEqual({ unitId: 'edu', unitName: '市教育局' });
    expect(Object.keys(body).sort()).toEqual(['convener', 'deputyConveners', 'memberUnits', 'name', 'office', 'planId']);

    // What the list offers is what recording takes: each 副召集人 by its unit.
    for (const deputy of body.deputyConveners) {
      const recorded = await system.call('POST', '/api/instructions', office, {
        taskId,
        by: deputy.role,
        byUnit: deputy.unitId,
        text: `${deputy.position}批示`,
      });
      expect(recorded).toMatchObject({
        status: 201,
        body: { by: { role: 'deputy_convener', unit: deputy.unitId, position: deputy.position } },
      });
    }

    expect((await system.call('GET', '/api/plans/no-such-plan/task-force', edu)).status).toBe(404);
    const bad = await system.call('GET', '/api/plans/Bad%20Plan/task-force', edu);
    expect([bad.status, bad.body.errors]).toEqual([400, [expect.objectContaining({ field: 'planId' })]]);
    expect((await system.request('GET', '/api/plans/hengyang-2025/task-force', {})).status).toBe(401);
  });
});
