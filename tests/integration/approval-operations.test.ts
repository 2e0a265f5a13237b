import { randomUUID } from 'node:crypto';
import { AccountRow, hashPassword } from '@ledger/accounts';
import { reportStreamId } from '@ledger/domain';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const P01 = 'hengyang-2025-P01'; // 市教育局
const P15 = 'hengyang-2025-P15'; // co-led: 市交通运输局 (primary), 市邮政管理局

describe('every operation of the approval chain, through the API against the real worker', () => {
  let system: TestSystem;
  const tokens: Record<string, string> = {};
  const as = (who: string) => tokens[who]!;

  beforeAll(async () => {
    system = await startTestSystem('operations');
    // More holders of the reviewing roles, to hand work over to; one of them already disabled.
    const extra = [
      ['coordinator2', 'coordinator', false],
      ['coordinator3', 'coordinator', false],
      ['office2', 'office', false],
      ['retired', 'coordinator', true],
    ] as const;
    for (const [username, role, disabled] of extra) {
      await system.storage.dataSource.getRepository(AccountRow).insert({
        id: randomUUID(),
        username,
        passwordHash: await hashPassword(system.config.demoPassword!),
        role,
        unitId: null,
        displayName: '专班成员',
        phone: null,
        demo: true,
        disabled,
        createdAt: new Date(),
      });
    }
    for (const who of ['edu', 'transport', 'post', 'coordinator', 'coordinator2', 'coordinator3', 'office', 'office2', 'auditor', 'admin'])
      tokens[who] = await system.login(who);
  });
  afterAll(() => system?.stop());

  const p01Values = (computers: number, labs = 100) => [
    { indicatorId: 'P01-1', value: computers },
    { indicatorId: 'P01-2', value: labs },
  ];
  const submitP01 = async (period: string, values = p01Values(20000)) => {
    const response = await system.call('POST', '/api/reports', as('edu'), { taskId: P01, period, values, narrative: '' });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const act = (who: string, id: string, op: string, body: unknown = {}) => system.call('POST', `/api/reports/${id}/${op}`, as(who), body);
  const view = (id: string, until: (body: any) => boolean) =>
    eventually(async () => {
      const response = await system.call('GET', `/api/reports/${id}`, as('coordinator'));
      return until(response.body) ? response.body : undefined;
    });

  it('a co-led task waits for the countersign (会签) of the other lead unit first', async () => {
    const tasks = await system.call('GET', '/api/tasks', as('post'));
    const p15 = tasks.body.find((t: { id: string }) => t.id === P15);
    const values = p15.indicators.map((i: { id: string }) => ({ indicatorId: i.id, value: 1 }));
    const submitted = await system.call('POST', '/api/reports', as('transport'), { taskId: P15, period: '2025-06', values, narrative: '' });
    expect(submitted.body).toMatchObject({ status: 'in_review', stage: 'countersign' });
    const id = submitted.body.id;

    expect((await act('coordinator', id, 'approve')).status).toBe(409);
    expect((await act('edu', id, 'countersign')).status).toBe(404); // not edu's task: not even visible
    const countersigned = await act('post', id, 'countersign', { comment: '邮政数据已核' });
    expect(countersigned.body).toMatchObject({ status: 'in_review', stage: 'coordinator_review' });
  });

  it('two approvals at once: exactly one succeeds, the other gets 409', async () => {
    const id = await submitP01('2025-02');
    const results = await Promise.all([act('coordinator', id, 'approve'), act('coordinator', id, 'approve')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const stream = await system.storage.store.readStream(reportStreamId(id));
    expect(stream.map((e) => e.type)).toEqual(['ReportSubmitted', 'ReportApproved']);
  });

  it('withdraw works until a reviewer opens the report, and opening is recorded', async () => {
    const first = await submitP01('2025-03');
    expect((await act('edu', first, 'withdraw', { reason: '填错了' })).body).toMatchObject({ status: 'withdrawn' });
    expect((await act('coordinator', first, 'approve')).status).toBe(409);

    const second = await submitP01('2025-03');
    expect((await act('coordinator', second, 'open')).status).toBe(200);
    expect((await act('coordinator', second, 'open')).status).toBe(200); // idempotent
    const refused = await act('edu', second, 'withdraw', {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('opened');
    const types = (await system.storage.store.readStream(reportStreamId(second))).map((e) => e.type);
    expect(types).toEqual(['ReportSubmitted', 'ReportOpened']);
  });

  it('the office returns a report to the coordinator with a reason', async () => {
    const id = await submitP01('2025-04');
    await act('coordinator', id, 'approve');
    expect((await act('office', id, 'return', { toStage: 'office_signoff', reason: 'x' })).status).toBe(400);
    const returned = await act('office', id, 'return', { toStage: 'coordinator_review', reason: '请核对考室数' });
    expect(returned.body).toMatchObject({ status: 'in_review', stage: 'coordinator_review' });
    const body = await view(id, (b) => b?.history?.length === 3);
    expect(body.history[2]).toMatchObject({
      type: 'ReportReturned',
      stage: 'office_signoff',
      toStage: 'coordinator_review',
      comment: '请核对考室数',
      role: 'office',
    });
  });

  it('urging (催办) is recorded and the urged office acknowledges it', async () => {
    const id = await submitP01('2025-05');
    await act('coordinator', id, 'approve');
    expect((await act('edu', id, 'urge', {})).status).toBe(403);
    expect((await act('coordinator', id, 'urge', { message: '请尽快签发' })).status).toBe(200);
    const urged = await view(id, (b) => b?.history?.some((h: { type: string }) => h.type === 'ReportUrged'));
    const urgeId = urged.history.find((h: { type: string }) => h.type === 'ReportUrged').urgeId;
    expect((await act('coordinator', id, 'acknowledge', { urgeId })).status).toBe(403);
    expect((await act('office', id, 'acknowledge', { urgeId })).status).toBe(200);
    expect((await act('office', id, 'acknowledge', { urgeId })).status).toBe(409);
  });

  const accountIdOf = async (username: string) =>
    (await system.storage.dataSource.getRepository(AccountRow).findOneByOrFail({ username })).id;
  const eventTypes = async (id: string) => (await system.storage.store.readStream(reportStreamId(id))).map((e) => e.type);

  it('after a transfer (转办) only the new assignee acts; a delegate (委托) of the office signs off for it', async () => {
    const id = await submitP01('2025-06');
    expect((await act('coordinator', id, 'transfer', { toUsername: 'office' })).status).toBe(400);
    expect((await act('coordinator', id, 'transfer', { toUsername: 'coordinator2' })).status).toBe(200);
    expect((await act('coordinator', id, 'approve')).status).toBe(403);
    expect((await act('coordinator2', id, 'approve')).body).toMatchObject({ stage: 'office_signoff' });

    const delegated = await act('office', id, 'delegate', { toUsername: 'office2' });
    expect(delegated.body).toMatchObject({ stage: 'office_signoff' });
    const signed = await act('office2', id, 'approve', { comment: '代签' });
    expect(signed.body).toMatchObject({ status: 'signed_off' });

    const stream = await system.storage.store.readStream(reportStreamId(id));
    const signedOff = stream.find((e) => e.type === 'ReportSignedOff')!;
    expect(signedOff.metadata.actorId).toBe(await accountIdOf('office2')); // who acted
    expect(signedOff.data).toMatchObject({ onBehalfOf: await accountIdOf('office') }); // for whom
  });

  it('separation of duties (职责分离): no hand-over lets one person review and sign off the same report', async () => {
    const id = await submitP01('2025-10');
    // The coordinator cannot hand its stage to the office, a unit account or admin.
    for (const toUsername of ['office', 'edu', 'admin']) {
      const refused = await act('coordinator', id, 'delegate', { toUsername });
      expect([toUsername, refused.status, refused.body.errors?.map((e: { field: string }) => e.field)]).toEqual([toUsername, 400, ['to']]);
    }
    expect((await act('office', id, 'approve')).status).toBe(409);
    expect(await eventTypes(id)).toEqual(['ReportSubmitted']);

    // Once the coordinator reviewed, the office cannot hand its stage back to that coordinator.
    expect((await act('coordinator', id, 'approve')).body).toMatchObject({ stage: 'office_signoff' });
    for (const op of ['delegate', 'transfer']) {
      const refused = await act('office', id, op, { toUsername: 'coordinator' });
      expect([op, refused.status, refused.body.errors?.map((e: { field: string }) => e.field)]).toEqual([op, 400, ['to']]);
    }
    expect((await act('coordinator', id, 'approve')).status).toBe(409);
    expect(await eventTypes(id)).toEqual(['ReportSubmitted', 'ReportApproved']);
  });

  it('a disabled or unknown account takes nothing over (400 naming the field)', async () => {
    const id = await submitP01('2025-11');
    for (const op of ['transfer', 'delegate']) {
      const disabled = await act('coordinator', id, op, { toUsername: 'retired' });
      expect([op, disabled.status, disabled.body.errors?.map((e: { field: string }) => e.field)]).toEqual([op, 400, ['to']]);
      const unknown = await act('coordinator', id, op, { toUsername: 'nobody-at-all' });
      expect([op, unknown.status, unknown.body.errors?.map((e: { field: string }) => e.field)]).toEqual([op, 400, ['toUsername']]);
    }
    expect(await eventTypes(id)).toEqual(['ReportSubmitted']);
  });

  it('a stage transferred to an account that is then disabled is reclaimed (收回) by its role or the office', async () => {
    const id = await submitP01('2025-01'); // signed off: an earlier period than the floor test's
    expect((await act('coordinator', id, 'transfer', { toUsername: 'coordinator3' })).status).toBe(200);
    // While the assignee can act, nobody takes the stage from them.
    expect((await act('office', id, 'reclaim')).status).toBe(409);
    const disabled = await system.call('POST', `/api/admin/accounts/${await accountIdOf('coordinator3')}/disable`, as('admin'), {});
    expect(disabled.status).toBe(200);
    expect((await act('coordinator', id, 'approve')).status).toBe(403); // still assigned: stuck until reclaimed
    expect((await act('edu', id, 'reclaim')).status).toBe(403);

    expect((await act('office', id, 'reclaim')).body).toMatchObject({ status: 'in_review', stage: 'coordinator_review' });
    expect((await act('office', id, 'reclaim')).status).toBe(409); // nothing left to reclaim
    expect((await act('coordinator2', id, 'approve')).body).toMatchObject({ stage: 'office_signoff' });
    // Reclaiming is not acting at the stage: the office that reclaimed still signs off.
    expect((await act('office', id, 'approve')).body).toMatchObject({ status: 'signed_off' });
    expect(await eventTypes(id)).toEqual(['ReportSubmitted', 'ReportTransferred', 'ReportReclaimed', 'ReportApproved', 'ReportSignedOff']);
    const body = await view(id, (b) => b?.history?.length === 5);
    expect(body.history[2]).toMatchObject({
      type: 'ReportReclaimed',
      stage: 'coordinator_review',
      fromActorId: await accountIdOf('coordinator3'),
    });
  });

  it('a cumulative value below the signed-off one needs an explanation, named by indicator', async () => {
    await eventually(async () => {
      const tasks = await system.call('GET', '/api/tasks', as('edu'));
      return tasks.body.find((t: { id: string }) => t.id === P01).progress.length > 0 ? true : undefined;
    });
    const lower = await system.call('POST', '/api/reports', as('edu'), {
      taskId: P01,
      period: '2025-07',
      values: p01Values(15000),
      narrative: '',
    });
    expect(lower.status).toBe(400);
    expect(lower.body.errors).toContainEqual(expect.objectContaining({ field: 'values[0].explanation' }));
    const explained = [
      { indicatorId: 'P01-1', value: 15000, explanation: '调出5000台至高中' },
      { indicatorId: 'P01-2', value: 100 },
    ];
    expect(
      (await system.call('POST', '/api/reports', as('edu'), { taskId: P01, period: '2025-07', values: explained, narrative: '' })).status,
    ).toBe(201);
  });

  it('has a route for each row of REPORT_ACTIONS only: an unknown action is a 404, a bad body a 400 naming the field; neither leaves an event', async () => {
    const id = await submitP01('2025-09');
    const unknown = await act('coordinator', id, 'sign-off', {});
    expect([unknown.status, unknown.body.status]).toEqual([404, 404]);
    const cases: Array<[string, unknown, string]> = [
      ['reject', {}, 'reason'],
      ['return', { toStage: 'submit' }, 'reason'],
      ['approve', { comment: 'x'.repeat(2001) }, 'comment'],
      ['acknowledge', { urgeId: '' }, 'urgeId'],
      ['transfer', { toUsername: 'coordinator2', to: 'office' }, 'to'],
      ['transfer', { toUsername: 'nobody-here' }, 'toUsername'],
    ];
    for (const [op, body, field] of cases) {
      const answer = await act('coordinator', id, op, body);
      expect([op, answer.status, new Set(answer.body.errors.map((e: { field: string }) => e.field))]).toEqual([op, 400, new Set([field])]);
    }
    const stream = await system.storage.store.readStream(`report-${id}`);
    expect(stream.map((e) => e.type)).toEqual(['ReportSubmitted']);
  });

  it('auditors never write', async () => {
    const id = await submitP01('2025-08');
    for (const op of ['approve', 'reject', 'open', 'urge', 'withdraw']) {
      expect((await act('auditor', id, op, { reason: 'x' })).status).toBe(403);
    }
    expect(
      (await system.call('POST', '/api/reports', as('auditor'), { taskId: P01, period: '2025-08', values: p01Values(1), narrative: '' }))
        .status,
    ).toBe(403);
  });
});
