import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { PostgresEventStore, type NewEvent } from '@ledger/event-store';
import { createPool, inTransaction } from '@ledger/postgres';
import { createTestDatabase } from '../support/database';

function event(n: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'Counted',
    data: { n },
    metadata: { actorId: 'u', role: 'test', unitId: null, correlationId: 'c', causationId: null, workflowId: null, schemaVersion: 1 },
  };
}

/**
 * Tamper evidence: a superuser can get past the grants and the trigger, but not past the chain.
 * Each case edits one row in a database of its own and expects verify to name that position.
 */
describe('the hash chain names the first tampered position', () => {
  const pools: Pool[] = [];
  afterAll(() => Promise.all(pools.map((pool) => pool.end())));

  async function logOf(events: number): Promise<{ store: PostgresEventStore; pool: Pool }> {
    const pool = createPool(await createTestDatabase('event_store_tamper'), 2);
    pools.push(pool);
    const store = new PostgresEventStore(pool);
    await store.migrate();
    for (let n = 1; n <= events; n += 1) await store.append(`tamper-${n % 3}`, 'any', [event(n)]);
    return { store, pool };
  }

  /** As superuser, with the append-only triggers off for this one transaction. */
  async function tamper(pool: Pool, edit: (client: PoolClient) => Promise<unknown>): Promise<void> {
    const client = await pool.connect();
    try {
      await inTransaction(client, async () => {
        await client.query('alter table events disable trigger user');
        await edit(client);
        await client.query('alter table events enable trigger user');
      });
    } finally {
      client.release();
    }
  }

  const cases: Array<[string, number, string]> = [
    ['the data of an event', 7, `update events set data = '{"n": 700}' where position = 7`],
    [
      'the metadata of an event',
      4,
      `update events set metadata = jsonb_set(metadata::jsonb, '{actorId}', '"someone-else"')::json where position = 4`,
    ],
    ['the type of an event', 12, `update events set type = 'Forged' where position = 12`],
    ['the stream of an event', 1, `update events set stream_id = 'elsewhere' where position = 1`],
    ['a stored hash', 9, `update events set hash = repeat('a', 64) where position = 9`],
    ['a deleted event', 15, `delete from events where position = 15`],
  ];

  it.each(cases)('detects a change to %s', async (_what, position, sql) => {
    const { store, pool } = await logOf(20);
    expect(await store.verify()).toEqual({ ok: true, checked: 20, firstBrokenPosition: null });
    await tamper(pool, (client) => client.query(sql));
    const result = await store.verify();
    expect(result).toEqual({ ok: false, checked: position - 1, firstBrokenPosition: position });
    // Verifying from before the break finds it too; from after it, the rest of the chain holds.
    expect((await store.verify(position - 1 || 1)).firstBrokenPosition).toBe(position);
  });

  it('verifies from a position in the middle of an intact chain', async () => {
    const { store } = await logOf(10);
    expect(await store.verify(6)).toEqual({ ok: true, checked: 5, firstBrokenPosition: null });
    expect(await store.verify(11)).toEqual({ ok: true, checked: 0, firstBrokenPosition: null });
  });
});
