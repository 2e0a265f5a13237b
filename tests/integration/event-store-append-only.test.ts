import { randomBytes, randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { APP_ROLE, PostgresEventStore, type NewEvent } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { createTestDatabase, testServerUrl } from '../support/database';

function event(n: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'Counted',
    data: { n },
    metadata: { actorId: 'u', role: 'test', unitId: null, correlationId: 'c', causationId: null, workflowId: null, schemaVersion: 1 },
  };
}

describe('the event log is append-only for the application role', () => {
  const loginRole = `ledger_app_test_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let ownerUrl: string;
  let appUrl: string;
  let ownerPool: Pool;
  let appPool: Pool;
  let admin: Client;

  beforeAll(async () => {
    ownerUrl = await createTestDatabase('event_store_append_only');
    ownerPool = createPool(ownerUrl, 2);
    const owner = new PostgresEventStore(ownerPool);
    await owner.migrate();
    await owner.append('seed', 'no_stream', [event(1)]);
    // A login role that gets its rights only by being a member of the application role.
    admin = new Client({ connectionString: testServerUrl() });
    await admin.connect();
    await admin.query(`create role ${loginRole} login password '${password}' in role ${APP_ROLE}`);
    const url = new URL(ownerUrl);
    url.username = loginRole;
    url.password = password;
    appUrl = url.toString();
    appPool = createPool(appUrl, 2);
  });

  afterAll(async () => {
    await appPool?.end();
    await ownerPool?.end();
    await admin?.query(`drop role if exists ${loginRole}`).catch(() => undefined);
    await admin?.end();
  });

  it('refuses UPDATE, DELETE and TRUNCATE on events for a member of the application role', async () => {
    const statements = ['update events set type = $$Forged$$', 'delete from events', 'truncate events'];
    for (const statement of statements) {
      const error = await appPool.query(statement).catch((e: unknown) => e);
      expect({ statement, code: (error as { code?: string }).code }).toEqual({ statement, code: '42501' });
      expect(String(error)).toMatch(/permission denied/);
    }
    const role = await appPool.query<{ current_user: string; superuser: boolean }>(
      `select current_user, (select rolsuper from pg_roles where rolname = current_user) as superuser`,
    );
    expect(role.rows[0]).toEqual({ current_user: loginRole, superuser: false });
  });

  it('refuses that role a forged INSERT, even one with a correct chain hash', async () => {
    // What a forger would write: the next position, chained onto the tip with the store's own
    // hash functions, so that verify would find nothing wrong.
    const forged = `
      insert into events (position, stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash)
      select t.position + 1, 'forged', 1, gen_random_uuid(), 'Forged', '{}'::json, '{}'::json, now(), t.hash,
             ledger_chain_hash(t.hash, t.position + 1, 'forged', 1, 'Forged', gen_random_uuid(), ledger_payload_hash('{}', '{}'))
        from (select position, hash from events order by position desc limit 1) t`;
    const error = await appPool.query(forged).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('42501');
    expect(String(error)).toMatch(/permission denied for table events/);
    const count = await ownerPool.query<{ n: number }>(`select count(*)::int as n from events where stream_id = 'forged'`);
    expect(count.rows[0]!.n).toBe(0);
  });

  it('runs the append functions as their owner, with a search_path the caller cannot change', async () => {
    const functions = await ownerPool.query<{ proname: string; prosecdef: boolean; proconfig: string[] }>(
      `select proname, prosecdef, proconfig from pg_proc where proname in ('ledger_append', 'ledger_append_one') order by proname`,
    );
    expect(functions.rows).toEqual([
      { proname: 'ledger_append', prosecdef: true, proconfig: ['search_path=public, pg_temp'] },
      { proname: 'ledger_append_one', prosecdef: true, proconfig: ['search_path=public, pg_temp'] },
    ]);
    // A caller's own table named events, first on its search_path, is not where the event goes.
    const client = await appPool.connect();
    try {
      await client.query('create temporary table events (like public.events)');
      await client.query('set search_path = pg_temp, public');
      const appended = await client.query<{ r_outcome: string }>(
        `select r_outcome from ledger_append_one('path-stream', -1, array[gen_random_uuid()], array['Counted'],
                                                 array['{}'::json], array['{}'::json], now())`,
      );
      expect(appended.rows).toEqual([{ r_outcome: 'written' }]);
      expect((await client.query('select * from pg_temp.events')).rowCount).toBe(0);
      expect((await client.query(`select * from public.events where stream_id = 'path-stream'`)).rowCount).toBe(1);
    } finally {
      await client.query('discard all').catch(() => undefined);
      client.release();
    }
  });

  it('still lets that role append, read and verify through the store', async () => {
    const store = new PostgresEventStore(appPool);
    const appended = await store.append('app-stream', 'no_stream', [event(2), event(3)]);
    expect(appended).toMatchObject({ nextVersion: 2, positions: [3, 4], duplicate: false });
    expect((await store.readStream('app-stream')).map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(await store.verify()).toEqual({ ok: true, checked: 4, firstBrokenPosition: null });
  });

  it('refuses rewriting events even to the owner (the trigger), who keeps appending', async () => {
    for (const statement of ['update events set type = $$Forged$$', 'delete from events', 'truncate events']) {
      await expect(ownerPool.query(statement)).rejects.toThrow(/append-only/);
    }
    const owner = new PostgresEventStore(ownerPool);
    expect((await owner.append('seed', 1, [event(4)])).nextVersion).toBe(2);
  });

  it('applies its migrations once: a second run is a no-op', async () => {
    const schema = () =>
      ownerPool.query(
        `select (select count(*) from schema_migrations where component = 'event-store') as migrations,
                (select count(*) from events) as events,
                (select count(*) from pg_trigger where tgrelid = 'events'::regclass and not tgisinternal) as triggers,
                (select count(*) from pg_proc where proname = 'ledger_append') as functions`,
      );
    const before = (await schema()).rows[0];
    const owner = new PostgresEventStore(ownerPool);
    expect(await owner.migrate()).toEqual([]);
    expect(await owner.migrate()).toEqual([]);
    expect((await schema()).rows[0]).toEqual(before);

    const fresh = await createTestDatabase('event_store_migrate_twice');
    const pool = createPool(fresh, 2);
    try {
      const store = new PostgresEventStore(pool);
      expect(await store.migrate()).toEqual([1, 2, 3, 4, 5]);
      expect(await store.migrate()).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
