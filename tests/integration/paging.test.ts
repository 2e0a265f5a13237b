import { startTestSystem, type TestSystem } from '../support/system';

/** Lists that grow are paged: `limit` and an opaque `cursor`, `Link: <…>; rel="next"` while more remains. */
describe('paged lists', () => {
  let system: TestSystem;
  let coordinator: string;
  let edu: string;
  const periods = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'];

  beforeAll(async () => {
    system = await startTestSystem('paging');
    [coordinator, edu] = await Promise.all(['coordinator', 'edu'].map((u) => system.login(u)));
    const tasks = (await system.call('GET', '/api/tasks', edu)).body as Array<{ id: string; indicators: { id: string }[] }>;
    const p01 = tasks.find((t) => t.id === 'hengyang-2025-P01')!;
    for (const period of periods) {
      const filed = await system.call('POST', '/api/reports', edu, {
        taskId: p01.id,
        period,
        values: p01.indicators.map((indicator) => ({ indicatorId: indicator.id, value: 1 })),
        narrative: '按期报送',
      });
      expect(filed.status).toBe(201);
    }
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
  });
  afterAll(() => system?.stop());

  /** Follows the next links from `first`; answers every page's ids. */
  async function pages(first: string, token = coordinator): Promise<string[][]> {
    const seen: string[][] = [];
    let next: string | undefined = first;
    while (next) {
      const answer = await system.request('GET', next, { token });
      expect(answer.status).toBe(200);
      expect(Array.isArray(answer.body)).toBe(true);
      seen.push((answer.body as Array<{ id: string }>).map((item) => item.id));
      next = /<([^>]+)>; rel="next"/.exec(answer.headers.get('link') ?? '')?.[1];
    }
    return seen;
  }

  it('pages through the reports, each once, newest change first, the last page without a next link', async () => {
    const all = (await system.call('GET', '/api/reports?taskId=hengyang-2025-P01', coordinator)).body as Array<{ id: string }>;
    expect(all).toHaveLength(periods.length);
    const paged = await pages('/api/reports?taskId=hengyang-2025-P01&limit=2');
    expect(paged.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(paged.flat()).toEqual(all.map((report) => report.id));
  });

  it('keeps the filter on every page, and refuses a limit over 500 or a cursor it did not give', async () => {
    const paged = await pages('/api/reports?taskId=hengyang-2025-P01&period=2025-03&limit=1');
    expect(paged).toHaveLength(1);
    expect((await system.call('GET', '/api/reports?limit=501', coordinator)).status).toBe(400);
    const forged = await system.call('GET', '/api/reports?cursor=bm90LWEtY3Vyc29y', coordinator);
    expect(forged).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
  });

  it('pages the 督办 board in its own order (red first), and the other lists alike', async () => {
    for (const n of [1, 2, 3]) {
      const issued = await system.call('POST', '/api/notices', coordinator, {
        taskId: `hengyang-2025-P0${n}`,
        level: n === 2 ? 'red' : 'blue',
        matter: '请加快推进',
        dueDate: '2099-12-31',
      });
      expect(issued.status).toBe(201);
    }
    await system.services.projector.waitFor(await system.storage.store.lastPosition());
    const all = (await system.call('GET', '/api/notices?status=open', coordinator)).body as Array<{ id: string; level: string }>;
    expect(all[0]!.level).toBe('red');
    expect((await pages('/api/notices?status=open&limit=1')).flat()).toEqual(all.map((notice) => notice.id));
    for (const list of ['/api/urges', '/api/extensions', '/api/instructions'])
      expect((await system.call('GET', `${list}?limit=1`, coordinator)).status).toBe(200);
  });

  it('pages the admin accounts by user name, filters kept, the last page without a next link', async () => {
    const admin = await system.login('admin');
    const all = (await system.call('GET', '/api/admin/accounts', admin)).body as Array<{ id: string; username: string }>;
    expect(all.length).toBeGreaterThan(3);
    const paged = await pages('/api/admin/accounts?limit=2', admin);
    expect(paged.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(paged.flat()).toEqual(all.map((account) => account.id));
    const submitters = (await system.call('GET', '/api/admin/accounts?role=submitter', admin)).body as Array<{ id: string }>;
    expect((await pages('/api/admin/accounts?role=submitter&limit=1', admin)).flat()).toEqual(submitters.map((account) => account.id));
    expect((await system.call('GET', '/api/admin/accounts?limit=501', admin)).status).toBe(400);
    const forged = await system.call('GET', '/api/admin/accounts?cursor=bm90LWEtY3Vyc29y', admin);
    expect(forged).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
  });

  it('pages the security events newest first, for the admin and auditors only', async () => {
    const [admin, auditor] = await Promise.all(['admin', 'auditor'].map((u) => system.login(u)));
    for (let attempt = 0; attempt < 3; attempt++)
      await system.call('POST', '/api/auth/login', undefined, { username: 'edu', password: 'not the password' });
    const all = (await system.call('GET', '/api/admin/security-events', admin)).body as Array<{ id: string; at: string; kind: string }>;
    expect(all.length).toBeGreaterThan(5);
    expect(all.map((event) => BigInt(event.id))).toEqual([...all.map((event) => BigInt(event.id))].sort((a, b) => (a > b ? -1 : 1)));
    expect((await pages('/api/admin/security-events?limit=2', auditor)).flat()).toEqual(all.map((event) => event.id));
    const failed = (await pages('/api/admin/security-events?kind=login_failed&limit=1', admin)).flat();
    expect(failed).toEqual(all.filter((event) => event.kind === 'login_failed').map((event) => event.id));
    expect(failed.length).toBeGreaterThanOrEqual(3);
    expect((await system.call('GET', '/api/admin/security-events', coordinator)).status).toBe(403);
    expect(await system.call('GET', '/api/admin/security-events?kind=No%20Such', admin)).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'kind' }] },
    });
  });
});
