import { Connection, Client } from '@temporalio/client';
import { reportStreamId } from '@ledger/domain';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const P01 = 'hengyang-2025-P01';
const values = (computers: number, labs: number) => [
  { indicatorId: 'P01-1', value: computers },
  { indicatorId: 'P01-2', value: labs },
];

describe('one report through the whole chain, over HTTP', () => {
  let system: TestSystem;
  let edu: string;
  let coordinator: string;
  let office: string;

  beforeAll(async () => {
    system = await startTestSystem('chain');
    [edu, coordinator, office] = await Promise.all([system.login('edu'), system.login('coordinator'), system.login('office')]);
  });
  afterAll(() => system?.stop());

  it('refuses calls without a valid token', async () => {
    expect((await system.call('GET', '/api/tasks')).status).toBe(401);
    expect((await system.call('GET', '/api/tasks', 'not.a.token')).status).toBe(401);
    const wrong = await system.call('POST', '/api/auth/login', undefined, { username: 'edu', password: 'wrong password' });
    expect(wrong.status).toBe(401);
  });

  it('lists units and, for a submitter, only the tasks its unit leads', async () => {
    const units = await system.call('GET', '/api/units', edu);
    expect(units.status).toBe(200);
    expect(units.body).toContainEqual({ id: 'edu', code: 'edu', name: '市教育局' });

    const tasks = await system.call('GET', '/api/tasks', edu);
    expect(tasks.status).toBe(200);
    expect(tasks.body.length).toBeGreaterThan(0);
    for (const task of tasks.body) expect(task.leadUnits).toContain('edu');
    const p01 = tasks.body.find((task: { id: string }) => task.id === P01);
    expect(p01.indicators).toContainEqual(
      expect.objectContaining({ id: 'P01-1', name: '补充配置电脑', target: 38801, unit: '台', kind: 'cumulative' }),
    );

    const all = await system.call('GET', '/api/tasks', coordinator);
    expect(all.body).toHaveLength(44);
  });

  it('takes a report from submission through a rejection and resubmission to sign-off', async () => {
    const submitted = await system.call('POST', '/api/reports', edu, {
      taskId: P01,
      period: '2025-06',
      values: values(20000, 150),
      narrative: '已完成过半',
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ status: 'in_review', stage: 'coordinator_review', revision: 1 });
    const id: string = submitted.body.id;

    // The office may not act before the coordinator (not yet: 409); the unit may not review at all.
    expect((await system.call('POST', `/api/reports/${id}/approve`, office, {})).status).toBe(409);
    expect((await system.call('POST', `/api/reports/${id}/approve`, edu, {})).status).toBe(403);

    const noReason = await system.call('POST', `/api/reports/${id}/reject`, coordinator, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toContainEqual(expect.objectContaining({ field: 'reason' }));

    const rejected = await system.call('POST', `/api/reports/${id}/reject`, coordinator, { reason: '考室数量与台账不符' });
    expect(rejected.body).toMatchObject({ status: 'returned', stage: null });
    expect((await system.call('POST', `/api/reports/${id}/approve`, coordinator, {})).status).toBe(409);

    const resubmitted = await system.call('POST', `/api/reports/${id}/resubmit`, edu, {
      values: values(20000, 140),
      narrative: '已核对考室数量',
    });
    expect(resubmitted.body).toMatchObject({ status: 'in_review', stage: 'coordinator_review', revision: 2 });

    const reviewed = await system.call('POST', `/api/reports/${id}/approve`, coordinator, { comment: '同意' });
    expect(reviewed.body).toMatchObject({ status: 'in_review', stage: 'office_signoff' });
    const signed = await system.call('POST', `/api/reports/${id}/approve`, office, {});
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'signed_off', stage: null, revision: 2 });
    expect((await system.call('POST', `/api/reports/${id}/approve`, office, {})).status).toBe(409);

    const view = await eventually(async () => {
      const response = await system.call('GET', `/api/reports/${id}`, edu);
      return response.body?.status === 'signed_off' ? response.body : undefined;
    });
    expect(view).toMatchObject({ id, taskId: P01, period: '2025-06', revision: 2, values: values(20000, 140) });
    expect(view.history.map((entry: { type: string }) => entry.type)).toEqual([
      'ReportSubmitted',
      'ReportRejected',
      'ReportResubmitted',
      'ReportApproved',
      'ReportSignedOff',
    ]);
    expect(view.history[1]).toMatchObject({ role: 'coordinator', comment: '考室数量与台账不符' });

    const tasks = await system.call('GET', '/api/tasks', coordinator);
    const progress = tasks.body.find((task: { id: string }) => task.id === P01).progress;
    expect(progress).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ indicatorId: 'P01-1', value: 20000, percent: 51.55 }),
        expect.objectContaining({ indicatorId: 'P01-2', value: 140, percent: 47.14 }),
      ]),
    );

    // The event store holds exactly one event per transition, in order, and the chain verifies.
    const stream = await system.storage.store.readStream(reportStreamId(id));
    expect(stream.map((event) => [event.version, event.type])).toEqual([
      [1, 'ReportSubmitted'],
      [2, 'ReportRejected'],
      [3, 'ReportResubmitted'],
      [4, 'ReportApproved'],
      [5, 'ReportSignedOff'],
    ]);
    expect(stream[3]!.metadata).toMatchObject({ role: 'coordinator', workflowId: `report-${id}`, schemaVersion: 1 });
    expect(await system.storage.store.verify()).toEqual({
      ok: true,
      checked: await system.storage.store.lastPosition(),
      firstBrokenPosition: null,
    });

    // The workflow completed on the Temporal server.
    const connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
    try {
      const description = await new Client({ connection, namespace: system.config.temporalNamespace }).workflow
        .getHandle(`report-${id}`)
        .describe();
      expect(description.status.name).toBe('COMPLETED');
    } finally {
      await connection.close();
    }
  });

  it('answers bad input with a 400 naming the field, and stores nothing', async () => {
    const before = await system.storage.store.lastPosition();
    const cases: Array<[unknown, string]> = [
      [{ taskId: P01, period: '2025-07', values: [{ indicatorId: 'P01-1', value: 1 }], narrative: '' }, 'values'],
      [{ taskId: P01, period: '2025-07', values: values(-1, 1), narrative: '' }, 'values[0].value'],
      [{ taskId: P01, period: '2024-07', values: values(1, 1), narrative: '' }, 'period'],
      [{ taskId: P01, period: '2025-13', values: values(1, 1), narrative: '' }, 'period'],
      [{ taskId: P01, period: '2025-07', values: values(1, 1), narrative: '', extra: true }, 'extra'],
      [{ taskId: 'no-such-task', period: '2025-07', values: values(1, 1), narrative: '' }, 'taskId'],
    ];
    for (const [body, field] of cases) {
      const response = await system.call('POST', '/api/reports', edu, body);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    const malformed = await system.call('POST', '/api/reports', edu, '{"taskId":');
    expect(malformed.status).toBe(400);
    const otherUnitsTask = await system.call('POST', '/api/reports', edu, {
      taskId: 'hengyang-2025-P04',
      period: '2025-07',
      values: [],
      narrative: '',
    });
    expect(otherUnitsTask.status).toBe(403);
    expect(await system.storage.store.lastPosition()).toBe(before);
  });

  it('reports healthy when PostgreSQL, Temporal and the projector answer', async () => {
    const health = await system.call('GET', '/api/health');
    expect(health).toEqual({ status: 200, body: expect.objectContaining({ status: 'up', down: [] }) });
  });
});
