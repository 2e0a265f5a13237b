import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { PostgresEventStore, type NewEvent, type PostgresEventStoreOptions, type RecordedEvent } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { createTestDatabase } from '../support/database';
import { poolWithHookBeforeCommit } from '../support/hooked-pool';

/**
 * The property a naive bigserial breaks: a reader must never see position p+1 while p is still
 * invisible, or it moves its checkpoint past p and never sees it. Writers here race on separate
 * connections; some hold their transaction open (pg_sleep before commit), some roll back after
 * their rows were inserted. A subscriber and a bare reader follow the log the whole time.
 */
describe('global positions: commit order, no gaps, under concurrent writers', () => {
  let url: string;
  const pools: Pool[] = [];

  beforeAll(async () => {
    url = await createTestDatabase('event_store_ordering');
  });
  afterAll(() => Promise.all(pools.map((pool) => pool.end())));

  /** `beforeCommit` runs inside each append's transaction after its rows are written; a throw rolls it back. */
  function openStore(options: PostgresEventStoreOptions = {}, beforeCommit?: (client: PoolClient) => Promise<void>): PostgresEventStore {
    const pool = createPool(url, 3);
    pools.push(pool);
    return new PostgresEventStore(beforeCommit ? poolWithHookBeforeCommit(pool, beforeCommit) : pool, options);
  }

  it('delivers every committed event exactly once, in order, with contiguous positions', async () => {
    const reader = openStore();
    await reader.migrate();

    const seen: RecordedEvent[] = [];
    // gapless subscriptions refuse a batch that skips a position: `done` would reject.
    const subscription = reader.subscribe({ from: 0, batchSize: 7, pollMs: 20, handler: (batch) => void seen.push(...batch) });

    // A bare reader polling as fast as it can, checking every batch continues the last one.
    let polling = true;
    const gapsSeen: string[] = [];
    const bareReader = (async () => {
      let after = 0;
      while (polling) {
        const batch = await reader.readAll(after, 50);
        batch.forEach((event, index) => {
          if (event.position !== after + index + 1) gapsSeen.push(`after ${after + index} came ${event.position}`);
        });
        if (batch.length > 0) after = batch[batch.length - 1]!.position;
        else await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    const committed = new Set<string>();
    const rolledBack = new Set<string>();
    let slowCommits = 0;

    async function writer(name: string, store: PostgresEventStore, appends: number): Promise<void> {
      for (let n = 0; n < appends; n += 1) {
        const events: NewEvent[] = Array.from({ length: 1 + (n % 3) }, () => ({
          eventId: randomUUID(),
          type: 'Counted',
          data: { writer: name, n },
          metadata: {
            actorId: name,
            role: 'test',
            unitId: null,
            correlationId: name,
            causationId: null,
            workflowId: null,
            schemaVersion: 1,
          },
        }));
        try {
          await store.append(`ordering-${name}-${n % 4}`, 'any', events);
          events.forEach((event) => committed.add(event.eventId));
        } catch (error) {
          if (!(error instanceof Error) || error.message !== 'rolled back on purpose') throw error;
          events.forEach((event) => rolledBack.add(event.eventId));
        }
      }
    }

    let rollbackTurn = 0;
    const slow = async (client: PoolClient) => {
      slowCommits += 1;
      await client.query('select pg_sleep($1)', [0.005 + Math.random() * 0.03]);
    };
    const failing = async (client: PoolClient) => {
      await client.query('select pg_sleep(0.002)');
      rollbackTurn += 1;
      if (rollbackTurn % 2 === 0) throw new Error('rolled back on purpose');
    };
    const writers = [
      ...Array.from({ length: 6 }, (_, i) => writer(`fast${i}`, openStore(), 40)),
      ...Array.from({ length: 3 }, (_, i) => writer(`uncoalesced${i}`, openStore({ maxAppendsPerTransaction: 1 }), 40)),
      ...Array.from({ length: 3 }, (_, i) => writer(`slow${i}`, openStore({}, slow), 15)),
      ...Array.from({ length: 2 }, (_, i) => writer(`failing${i}`, openStore({ maxAppendsPerTransaction: 1 }, failing), 15)),
    ];
    // Several appends from one store at once are coalesced into shared transactions.
    const shared = openStore({}, slow);
    writers.push(...Array.from({ length: 4 }, (_, i) => writer(`shared${i}`, shared, 15)));
    await Promise.all(writers);

    const last = await reader.lastPosition();
    await until(() => subscription.position >= last);
    polling = false;
    await bareReader;
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();

    expect(slowCommits).toBeGreaterThan(0);
    expect(rolledBack.size).toBeGreaterThan(0);
    expect(gapsSeen).toEqual([]);
    expect(last).toBe(committed.size);
    expect(seen.map((event) => event.position)).toEqual(Array.from({ length: committed.size }, (_, i) => i + 1));
    expect(new Set(seen.map((event) => event.eventId))).toEqual(committed);
    expect(seen.filter((event) => rolledBack.has(event.eventId))).toEqual([]);
    // Within each stream, versions follow positions.
    const byStream = new Map<string, number[]>();
    for (const event of seen) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event.version]);
    for (const versions of byStream.values()) expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect(await reader.verify()).toEqual({ ok: true, checked: committed.size, firstBrokenPosition: null });
  });
});

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
