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

  it('still lets that role append, read and verify through the store', async () => {
    const store = new PostgresEventStore(appPool);
    const appended = await store.append('app-stream', 'no_stream', [event(2), event(3)]);
    expect(appended).toMatchObject({ nextVersion: 2, positions: [2, 3], duplicate: false });
    expect((await store.readStream('app-stream')).map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(await store.verify()).toEqual({ ok: true, checked: 3, firstBrokenPosition: null });
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
      expect(await store.migrate()).toEqual([1, 2, 3, 4]);
      expect(await store.migrate()).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
