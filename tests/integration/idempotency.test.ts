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

  it('runs twenty parallel requests with one key once: one report', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post('/api/reports', edu, report('2025-06'), key)));
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    const reports = await eventually(async () => {
      const listed = await system.call('GET', `/api/reports?taskId=${P01}&period=2025-06`, edu);
      return listed.body.length > 0 ? listed.body : undefined;
    });
    expect(reports).toHaveLength(1);
    const submitted = (await system.storage.store.readAll(0, 10_000))
      .filter(isEventOf<Extract<ReportEvent, Event<'ReportSubmitted'>>>(['ReportSubmitted']))
      .filter((event) => event.data.period === '2025-06');
    expect(submitted).toHaveLength(1);
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
});
