import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  EVENT_STORE_MIGRATIONS,
  EventIdReusedError,
  PostgresEventStore,
  WrongExpectedVersionError,
  isEventOf,
  type AppendResult,
  type Event,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/event-store';
import { createPool, migrate } from '@ledger/postgres';
import { createTestDatabase } from '../support/database';

const metadata = {
  actorId: 'user-1',
  role: 'submitter',
  unitId: 'edu',
  correlationId: 'c',
  causationId: null,
  workflowId: null,
  schemaVersion: 1,
};

function event(data: unknown): NewEvent {
  return { eventId: randomUUID(), type: 'Counted', data, metadata };
}

/** What this suite appends (the `n` it counts with, and one other payload). */
const counted = isEventOf<Event<'Counted', { n: number }>>(['Counted']);

/**
 * The PostgreSQL adapter writes the appends queued while a call is in flight together, in one
 * call of `ledger_append`. Whatever shares a call, each append gets its own outcome.
 */
describe('appends written together', () => {
  const pools: Pool[] = [];
  afterAll(() => Promise.all(pools.map((pool) => pool.end())));

  async function openStore(): Promise<{ store: PostgresEventStore; pool: Pool }> {
    const pool = createPool(await createTestDatabase('event_store_groups'), 4);
    pools.push(pool);
    // One call in flight: everything appended while it runs waits and goes in the next one.
    // Each call reads the clock once: its minute tells which call wrote an event.
    let calls = 0;
    const clock = () => new Date(Date.UTC(2025, 5, 1, 8, calls++));
    const store = new PostgresEventStore(pool, { concurrentWrites: 1, clock });
    await store.migrate();
    return { store, pool };
  }

  it('gives each append of one call its own outcome: written, conflict, duplicate, reused', async () => {
    const { store } = await openStore();
    const stored = [event({ n: 1 }), event({ n: 2 })];
    const first = await store.append('a', 'no_stream', stored);
    await new Promise(setImmediate); // the call that wrote it is over

    const retried = stored.map((e) => ({ ...e }));
    const outcomes = await Promise.allSettled<AppendResult>([
      store.append('blocker', 'no_stream', [event({ n: 0 })]),
      store.append('b', 'no_stream', [event({ n: 3 }), event({ n: 4 })]),
      store.append('a', 5, [event({ n: 5 })]),
      store.append('a', 'no_stream', retried),
      store.append('c', 'any', [{ ...event({ n: 6 }), eventId: stored[0]!.eventId }]),
      store.append('b', 2, [event({ n: 7 })]),
    ]);

    const [blocker, written, conflict, duplicate, reused, sameStreamAgain] = outcomes;
    expect(blocker).toMatchObject({ status: 'fulfilled', value: { nextVersion: 1, positions: [3], duplicate: false } });
    expect(written).toMatchObject({ status: 'fulfilled', value: { nextVersion: 2, positions: [4, 5], duplicate: false } });
    expect(conflict).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedVersionError) });
    expect((conflict as PromiseRejectedResult).reason.actual).toBe(2);
    expect(duplicate).toEqual({ status: 'fulfilled', value: { ...first, duplicate: true } });
    expect(reused).toMatchObject({ status: 'rejected', reason: expect.any(EventIdReusedError) });
    expect(sameStreamAgain).toMatchObject({ status: 'fulfilled', value: { nextVersion: 3, positions: [6] } });

    const log = await store.readAll(0, 100);
    expect(log.filter(counted).map((e) => [e.position, e.streamId, e.version, e.data.n, e.metadata.recordedAt.slice(11, 16)])).toEqual([
      [1, 'a', 1, 1, '08:00'],
      [2, 'a', 2, 2, '08:00'],
      [3, 'blocker', 1, 0, '08:01'],
      [4, 'b', 1, 3, '08:02'],
      [5, 'b', 2, 4, '08:02'],
      [6, 'b', 3, 7, '08:02'],
    ]);
    expect(await store.verify()).toEqual({ ok: true, checked: 6, firstBrokenPosition: null });
  });

  it('stores a retry that shares a call with its original once', async () => {
    const { store } = await openStore();
    const original = [event({ n: 1 })];
    const [, first, again] = await Promise.all([
      store.append('blocker', 'no_stream', [event({ n: 0 })]),
      store.append('a', 'no_stream', original),
      store.append('a', 'no_stream', original),
    ]);
    expect(first).toEqual({ nextVersion: 1, positions: [2], duplicate: false });
    expect(again).toEqual({ nextVersion: 1, positions: [2], duplicate: true });
    expect((await store.readAll(0, 10)).map((e) => e.metadata.recordedAt.slice(11, 16))).toEqual(['08:00', '08:01']);
  });

  it('keeps the payload exactly as hashed: canonical JSON, keys sorted', async () => {
    const { store, pool } = await openStore();
    await store.append('a', 'no_stream', [event({ b: 2, a: { d: [1, 2], c: '中文' } })]);
    const row = (await pool.query<{ data: string }>('select data::text as data from events')).rows[0]!;
    expect(row.data).toBe('{"a":{"c":"中文","d":[1,2]},"b":2}');
    expect(await store.verify()).toEqual({ ok: true, checked: 1, firstBrokenPosition: null });
  });
});

describe('a log written before payloads were stored as json', () => {
  let pool: Pool;
  afterAll(() => pool?.end());

  it('keeps its chain, its events and their idempotency across the upgrade', async () => {
    pool = createPool(await createTestDatabase('event_store_upgrade'), 2);
    await migrate(pool, 'event-store', EVENT_STORE_MIGRATIONS.slice(0, 3));
    const old = [event({ b: 1, a: 'x' }), event({ n: 2.5, list: [1, 'y'] })];
    // The version 3 function, as the adapter of that version called it.
    await pool.query('select * from ledger_append($1, $2, $3, $4, $5, $6::jsonb[], $7::jsonb[], $8)', [
      ['old'],
      [0],
      [2],
      old.map((e) => e.eventId),
      old.map((e) => e.type),
      old.map((e) => JSON.stringify(e.data)),
      old.map((e) => JSON.stringify({ ...e.metadata, recordedAt: '2025-03-01T08:00:00.000Z' })),
      new Date('2025-03-01T08:00:00.000Z'),
    ]);

    const store = new PostgresEventStore(pool);
    expect(await store.migrate()).toEqual([4, 5]);
    expect(await store.verify()).toEqual({ ok: true, checked: 2, firstBrokenPosition: null });
    expect((await store.readStream('old')).map((e) => e.data)).toEqual(old.map((e) => e.data));

    // A late retry of the old append is recognised, though its text is spelt differently now.
    expect(await store.append('old', 'no_stream', old)).toEqual({ nextVersion: 2, positions: [1, 2], duplicate: true });
    await store.append('old', 2, [event({ n: 3 })]);
    expect(await store.verify()).toEqual({ ok: true, checked: 3, firstBrokenPosition: null });
  });
});

describe('reading the log ahead', () => {
  let pool: Pool;
  afterAll(() => pool?.end());

  it('hands over a batch read ahead only when it is what a fresh read would return', async () => {
    pool = createPool(await createTestDatabase('event_store_read_ahead'), 4);
    const store = new PostgresEventStore(pool);
    await store.migrate();
    const append = async (from: number, to: number) => {
      for (let n = from; n <= to; n += 1) await store.append(`s-${n % 3}`, 'any', [event({ n })]);
    };
    const numbers = (events: RecordedEvent[]) => events.filter(counted).map((e) => e.data.n);

    await append(1, 7);
    // A full batch: the next one (positions 6–10) is read now, when only 6 and 7 exist.
    expect(numbers(await store.readAll(0, 5))).toEqual([1, 2, 3, 4, 5]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await append(8, 12);
    // That short batch is not handed over: the log has grown since.
    expect(numbers(await store.readAll(5, 5))).toEqual([6, 7, 8, 9, 10]);
    // The batch read ahead now (11–15 while 11 and 12 exist) is short too, and so read again.
    await append(13, 15);
    expect(numbers(await store.readAll(10, 5))).toEqual([11, 12, 13, 14, 15]);
    // A full batch read ahead is handed over: the same events, once each.
    await append(16, 25);
    const batches = [await store.readAll(15, 5), await store.readAll(20, 5), await store.readAll(25, 5)];
    expect(batches.map(numbers)).toEqual([[16, 17, 18, 19, 20], [21, 22, 23, 24, 25], []]);
    // Asked for something else, it reads afresh.
    expect(numbers(await store.readAll(3, 2))).toEqual([4, 5]);
  });
});
