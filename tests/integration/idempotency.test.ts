import { randomUUID } from 'node:crypto';
import type { ReportEvent } from '@ledger/domain';
import { isEventOf, type Event } from '@ledger/event-store';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const P01 = 'hengyang-2025-P01';
const report = (period: string, computers = 100) => ({
  taskId: P01,
  period,
  values: [
    { indicatorId: 'P01-1', value: computers },
    { indicatorId: 'P01-2', value: 10 },
  ],
  narrative: '按计划推进',
});

describe('Idempotency-Key on POSTs that create or decide', () => {
  let system: TestSystem;
  let edu: string;
  let coordinator: string;

  beforeAll(async () => {
    system = await startTestSystem('idem');
    [edu, coordinator] = await Promise.all([system.login('edu'), system.login('coordinator')]);
  });
  afterAll(() => system?.stop());

  const post = (path: string, token: string, body: unknown, key?: string) =>
    system.request('POST', path, { token, body, headers: key ? { 'idempotency-key': key } : {} });
  const submittedFor = async (period: string) =>
    (await system.storage.store.readAll(0, 100_000))
      .filter(isEventOf<Extract<ReportEvent, Event<'ReportSubmitted'>>>(['ReportSubmitted']))
      .filter((event) => event.data.taskId === P01 && event.data.period === period);

  it('answers a repeat with the first response and stores nothing more', async () => {
    const key = randomUUID();
    const first = await post('/api/reports', edu, report('2025-03'), key);
    expect(first.status).toBe(201);
    const before = await system.storage.store.lastPosition();
    const again = await post('/api/reports', edu, report('2025-03'), key);
    expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await system.storage.store.lastPosition()).toBe(before);
  });

  it('refuses the key with a different body (422) and does not run it', async () => {
    const key = randomUUID();
    expect((await post('/api/reports', edu, report('2025-04'), key)).status).toBe(201);
    const before = await system.storage.store.lastPosition();
    const different = await post('/api/reports', edu, report('2025-04', 101), key);
    expect(different.status).toBe(422);
    expect(different.body).toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'Idempotency-Key' })] });
    expect(await system.storage.store.lastPosition()).toBe(before);
  });

  it('replays a refusal too, with the same status and problem', async () => {
    const key = randomUUID();
    const first = await post('/api/reports', edu, { ...report('2025-05'), period: '2025-13' }, key);
    expect(first.status).toBe(400);
    const again = await post('/api/reports', edu, { ...report('2025-05'), period: '2025-13' }, key);
    expect({ status: again.status, body: again.body }).toEqual({ status: 400, body: first.body });
  });

  it('runs twenty parallel requests with one key once: one report; a repeat in flight is told to come back', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post('/api/reports', edu, report('2025-06'), key)));
    // The first request runs; one that arrives while it runs is answered at once (409 with Retry-After), not held.
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(answer.body).toMatchObject({ errors: [expect.objectContaining({ field: 'Idempotency-Key' })] });
    }
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((answer) => answer.body.id)).size).toBe(1);
    const later = await post('/api/reports', edu, report('2025-06'), key);
    expect({ status: later.status, id: later.body.id }).toEqual({ status: 201, id: created[0]!.body.id });
    const reports = await eventually(async () => {
      const listed = await system.call('GET', `/api/reports?taskId=${P01}&period=2025-06`, edu);
      return listed.body.length > 0 ? listed.body : undefined;
    });
    expect(reports).toHaveLength(1);
    expect(await submittedFor('2025-06')).toHaveLength(1);
  });

  it('covers decisions: a repeated approval answers as the first did', async () => {
    const submitted = await post('/api/reports', edu, report('2025-07'));
    const key = randomUUID();
    const approve = () => post(`/api/reports/${submitted.body.id}/approve`, coordinator, { comment: '同意' }, key);
    const first = await approve();
    expect(first.status).toBe(200);
    const again = await approve();
    expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: first.body });
    // Without a key the same approval is a new request, refused by the state it finds.
    const unkeyed = await post(`/api/reports/${submitted.body.id}/approve`, coordinator, { comment: '同意' });
    expect(unkeyed.status).toBeGreaterThanOrEqual(400);
    expect(unkeyed.status).toBeLessThan(500);
    expect(unkeyed.headers.get('idempotent-replayed')).toBeNull();
  });

  it('keeps keys apart per account and refuses malformed keys', async () => {
    const key = randomUUID();
    const bySubmitter = await post('/api/reports', edu, report('2025-08'), key);
    expect(bySubmitter.status).toBe(201);
    // The same key from someone else is their own key.
    expect((await post('/api/reports', coordinator, report('2025-08'), key)).status).toBe(403);
    expect((await post('/api/reports', edu, report('2025-09'), 'bad key with spaces')).status).toBe(400);
    expect((await post('/api/reports', edu, report('2025-09'), 'x'.repeat(129))).status).toBe(400);
    const stored = await system.storage.pool.query(
      `select count(*)::int as n from idempotency_keys where created_at > now() - interval '24 hours'`,
    );
    expect(stored.rows[0].n).toBeGreaterThan(0);
  });

  it('refuses a control character in a field name at the edge (400), and the key is not left claimed', async () => {
    const key = randomUUID();
    const body = JSON.stringify({ ...report('2025-10'), 'nar\u0000rative': 'x' });
    const started = Date.now();
    const first = await post('/api/reports', edu, body, key);
    expect(first.status).toBe(400);
    expect(first.body.errors).toEqual([expect.objectContaining({ field: 'nar\u0000rative' })]);
    const again = await post('/api/reports', edu, body, key);
    expect(again.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(5_000);
    // Nothing was claimed: the key is still free for a request that can run.
    expect((await post('/api/reports', edu, report('2025-10'), key)).status).toBe(201);
  });

  it('answers a key whose first attempt died without an answer: 409 at once while its lease runs, then the original outcome', async () => {
    const key = randomUUID();
    const first = await post('/api/reports', edu, report('2025-12'), key);
    expect(first.status).toBe(201);
    // Exactly what a process killed after starting the work leaves: the claim, no answer, a live lease.
    await system.storage.pool.query(
      `update idempotency_keys set status = null, response = null, completed_at = null, lease_until = now() + interval '3 seconds'
       where key = $1`,
      [key],
    );
    const started = Date.now();
    const inFlight = await post('/api/reports', edu, report('2025-12'), key);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(inFlight.status).toBe(409);
    const wait = Number(inFlight.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 200));
    const retried = await post('/api/reports', edu, report('2025-12'), key);
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 201, body: first.body });
    expect(await submittedFor('2025-12')).toHaveLength(1);
  });

  /** What a process killed after starting the work leaves behind: the claim, no answer, a lease that has lapsed. */
  const crashAfterWork = (key: string) =>
    system.storage.pool.query(
      `update idempotency_keys set status = null, response = null, completed_at = null, lease_until = now() - interval '1 second'
       where key = $1`,
      [key],
    );

  it('finds what the first attempt created for every kind of document: a retry after a crash creates nothing new', async () => {
    const office = await system.login('office');
    const created = [
      ['/api/notices', coordinator, { taskId: P01, level: 'yellow', matter: '请说明进度滞后原因', dueDate: '2099-06-30' }],
      ['/api/extensions', edu, { taskId: P01, period: '2025-02', until: '2099-01-31', reason: '统计口径调整' }],
      ['/api/instructions', office, { taskId: P01, by: 'convener', text: '请加快推进电脑配置' }],
    ] as const;
    for (const [path, token, body] of created) {
      const key = randomUUID();
      const first = await post(path, token, body, key);
      expect({ path, status: first.status }).toEqual({ path, status: 201 });
      const before = await system.storage.store.lastPosition();
      await crashAfterWork(key);
      const retried = await post(path, token, body, key);
      expect({ path, status: retried.status, body: retried.body }).toEqual({ path, status: 201, body: first.body });
      expect(await system.storage.store.lastPosition()).toBe(before);
    }
  });

  it('answers a decision retried after a crash with its first outcome, not a refusal of the state it left', async () => {
    const submitted = await post('/api/reports', edu, report('2025-01'));
    const key = randomUUID();
    const first = await post(`/api/reports/${submitted.body.id}/approve`, coordinator, { comment: '同意' }, key);
    expect(first.status).toBe(200);
    await crashAfterWork(key);
    const retried = await post(`/api/reports/${submitted.body.id}/approve`, coordinator, { comment: '同意' }, key);
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 200, body: first.body });
  });
});

describe('one report per task, period and unit', () => {
  let system: TestSystem;
  let edu: string;

  beforeAll(async () => {
    system = await startTestSystem('one_report');
    edu = await system.login('edu');
  });
  afterAll(() => system?.stop());

  const submit = () => system.request('POST', '/api/reports', { token: edu, body: report('2025-03') });

  it('accepts one of eight identical concurrent submissions and names it to the others (409)', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, submit));
    const created = answers.filter((answer) => answer.status === 201);
    expect(created).toHaveLength(1);
    const id = created[0]!.body.id as string;
    for (const refused of answers.filter((answer) => answer.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain(id);
      expect(refused.headers.get('location')).toBe(`/api/reports/${id}`);
    }
    const submitted = (await system.storage.store.readAll(0, 100_000))
      .filter(isEventOf<Extract<ReportEvent, Event<'ReportSubmitted'>>>(['ReportSubmitted']))
      .filter((event) => event.data.period === '2025-03');
    expect(submitted).toHaveLength(1);
    // Later too, once the read model has it.
    const again = await submit();
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(id);
  });

  it('takes a new report for the period once the open one is withdrawn', async () => {
    // The list is a read model: it has the report once the projector has applied its events.
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const open = await system.call('GET', `/api/reports?taskId=${P01}&period=2025-03`, edu);
    const [current] = open.body as Array<{ id: string; status: string }>;
    expect(current).toBeDefined();
    const withdrawn = await system.call('POST', `/api/reports/${current!.id}/withdraw`, edu, { reason: '填错了' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
    const fresh = await submit();
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(current!.id);
    expect((await submit()).status).toBe(409);
  });
});
