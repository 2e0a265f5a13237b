import { randomUUID } from 'node:crypto';
import {
  EventIdReusedError,
  KurrentDBEventStore,
  PostgresEventStore,
  WrongExpectedVersionError,
  isEventOf,
  type Event,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type Upcaster,
} from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { createTestDatabase } from '../support/database';

/**
 * One behaviour, every adapter: the same suite runs against PostgreSQL always and against
 * KurrentDB when KURRENTDB_URL names a server. Streams get a fresh prefix per run, so the suite
 * also works on a server that already holds events.
 */
interface StoreOptions {
  clock?: () => Date;
  upcasters?: readonly Upcaster[];
}
interface Adapter {
  name: string;
  open(options?: StoreOptions): Promise<EventStore>;
  closeAll(): Promise<void>;
}

function postgresAdapter(): Adapter {
  let url: Promise<string> | undefined;
  const pools: Array<{ end(): Promise<void> }> = [];
  return {
    name: 'PostgreSQL',
    async open(options = {}) {
      url ??= createTestDatabase('event_store_contract');
      const pool = createPool(await url);
      pools.push(pool);
      const store = new PostgresEventStore(pool, options);
      await store.migrate();
      return store;
    },
    async closeAll() {
      await Promise.all(pools.map((pool) => pool.end()));
    },
  };
}

function kurrentAdapter(connectionString: string): Adapter {
  const stores: KurrentDBEventStore[] = [];
  return {
    name: 'KurrentDB',
    async open(options = {}) {
      const store = new KurrentDBEventStore(connectionString, options);
      stores.push(store);
      return store;
    },
    async closeAll() {
      await Promise.all(stores.map((store) => store.close()));
    },
  };
}

const actor = { actorId: 'user-1', role: 'submitter', unitId: 'edu', correlationId: 'corr-1', causationId: null, workflowId: 'wf-1' };

function event(type: string, data: unknown, schemaVersion = 1): NewEvent {
  return { eventId: randomUUID(), type, data, metadata: { ...actor, schemaVersion } };
}

const counted = isEventOf<Event<'Counted', { n: number }>>(['Counted']);

function contractSuite(adapter: Adapter): void {
  describe(`event store contract: ${adapter.name}`, () => {
    const run = randomUUID().slice(0, 8);
    const stream = (name: string) => `contract-${run}-${name}`;
    let store: EventStore;

    beforeAll(async () => {
      store = await adapter.open();
    });
    afterAll(() => adapter.closeAll());

    it('appends with an expected version and numbers the stream from 1', async () => {
      const first = await store.append(stream('a'), 'no_stream', [event('Opened', { n: 1 }), event('Noted', { n: 2 })]);
      expect(first).toMatchObject({ nextVersion: 2, duplicate: false });
      expect(first.positions).toHaveLength(2);
      expect(first.positions[1]!).toBeGreaterThan(first.positions[0]!);
      const second = await store.append(stream('a'), 2, [event('Noted', { n: 3 })]);
      expect(second.nextVersion).toBe(3);
      expect(second.positions[0]!).toBeGreaterThan(first.positions[1]!);
      const any = await store.append(stream('a'), 'any', [event('Noted', { n: 4 })]);
      expect(any.nextVersion).toBe(4);
      const read = await store.readStream(stream('a'));
      expect(read.map((e) => [e.version, e.type, e.data])).toEqual([
        [1, 'Opened', { n: 1 }],
        [2, 'Noted', { n: 2 }],
        [3, 'Noted', { n: 3 }],
        [4, 'Noted', { n: 4 }],
      ]);
      expect(read.map((e) => e.position)).toEqual([...first.positions, ...second.positions, ...any.positions]);
    });

    it('refuses a wrong expected version with a typed error carrying the actual version, and writes nothing', async () => {
      await store.append(stream('b'), 'no_stream', [event('Opened', {})]);
      const before = await store.lastPosition();
      const stale = await store.append(stream('b'), 0, [event('Noted', {})]).catch((error: unknown) => error);
      expect(stale).toBeInstanceOf(WrongExpectedVersionError);
      expect(stale).toMatchObject({ streamId: stream('b'), expected: 0, actual: 1 });
      const exists = await store.append(stream('b'), 'no_stream', [event('Noted', {})]).catch((error: unknown) => error);
      expect(exists).toMatchObject({ name: 'WrongExpectedVersionError', actual: 1 });
      const ahead = await store.append(stream('b'), 5, [event('Noted', {})]).catch((error: unknown) => error);
      expect(ahead).toMatchObject({ name: 'WrongExpectedVersionError', expected: 5, actual: 1 });
      const missing = await store.append(stream('b-missing'), 3, [event('Noted', {})]).catch((error: unknown) => error);
      expect(missing).toMatchObject({ name: 'WrongExpectedVersionError', actual: 0 });
      expect(await store.lastPosition()).toBe(before);
      expect(await store.readStream(stream('b'))).toHaveLength(1);
    });

    it('lets exactly one of several concurrent appends at the same expected version win', async () => {
      await store.append(stream('race'), 'no_stream', [event('Opened', {})]);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.append(stream('race'), 1, [event('Claimed', { by: i })])),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
        expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(outcome.reason.actual).toBe(2);
      }
      expect((await store.readStream(stream('race'))).map((e) => e.version)).toEqual([1, 2]);
    });

    it('answers a re-append of stored event ids with the original positions and writes nothing', async () => {
      const events = [event('Opened', { n: 1 }), event('Noted', { n: 2 })];
      const original = await store.append(stream('c'), 'no_stream', events);
      const before = await store.lastPosition();
      // A retried activity repeats its append with the same ids and the same expected version.
      const retried = await store.append(stream('c'), 'no_stream', events);
      expect(retried).toEqual({ nextVersion: original.nextVersion, positions: original.positions, duplicate: true });
      const retriedAny = await store.append(stream('c'), 'any', events.slice(1));
      expect(retriedAny).toEqual({ nextVersion: 2, positions: original.positions.slice(1), duplicate: true });
      expect(await store.lastPosition()).toBe(before);
      expect(await store.readStream(stream('c'))).toHaveLength(2);
    });

    it('stores once the events of concurrent retries racing the original append', async () => {
      const events = [event('Opened', {}), event('Noted', {})];
      const results = await Promise.all([0, 1, 2].map(() => store.append(stream('retry-race'), 'no_stream', events)));
      expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
      expect(new Set(results.map((result) => JSON.stringify(result.positions))).size).toBe(1);
      expect(await store.readStream(stream('retry-race'))).toHaveLength(2);
    });

    it('refuses a stored event id that comes back with a different payload, type or stream', async () => {
      const original = event('Opened', { n: 1 });
      await store.append(stream('d'), 'no_stream', [original]);
      const before = await store.lastPosition();
      const changed = [
        { ...original, data: { n: 2 } },
        { ...original, type: 'Closed' },
        { ...original, metadata: { ...original.metadata, actorId: 'someone-else' } },
      ];
      for (const reused of changed) {
        const error = await store.append(stream('d'), 'any', [reused]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EventIdReusedError);
        expect(error).toMatchObject({ eventId: original.eventId });
      }
      // Half stored, half new: neither a clean retry nor a new append.
      const partly = await store.append(stream('d'), 'any', [original, event('Noted', {})]).catch((e: unknown) => e);
      expect(partly).toBeInstanceOf(EventIdReusedError);
      expect(await store.lastPosition()).toBe(before);
    });

    it('refuses appends that cannot be meant', async () => {
      await expect(store.append(stream('e'), 'no_stream', [])).rejects.toThrow(/at least one event/);
      const twice = event('Opened', {});
      await expect(store.append(stream('e'), 'no_stream', [twice, twice])).rejects.toThrow(/twice/);
      await expect(store.append(stream('e'), 'no_stream', [{ ...event('Opened', {}), eventId: 'not-a-uuid' }])).rejects.toThrow(
        /not a uuid/,
      );
      expect(await store.streamInfo(stream('e'))).toBeUndefined();
    });

    it('keeps the metadata of every event and stamps when it was recorded', async () => {
      const clock = () => new Date('2025-06-30T08:00:00.000Z');
      const timed = await adapter.open({ clock });
      const written = event('Opened', { n: 1 }, 2);
      await timed.append(stream('meta'), 'no_stream', [written]);
      const [read] = await store.readStream(stream('meta'));
      expect(read).toMatchObject({ eventId: written.eventId, streamId: stream('meta'), version: 1, type: 'Opened' });
      expect(read!.metadata).toEqual({ ...written.metadata, recordedAt: '2025-06-30T08:00:00.000Z' });
      expect(read!.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('reads a stream forward, backward, from a version, up to a position and up to a time', async () => {
      let now = new Date('2025-01-01T00:00:00.000Z');
      const timed = await adapter.open({ clock: () => now });
      const positions: number[] = [];
      for (let n = 1; n <= 5; n += 1) {
        now = new Date(Date.UTC(2025, 0, n));
        positions.push(...(await timed.append(stream('f'), n - 1, [event('Counted', { n })])).positions);
      }
      const versions = (events: RecordedEvent[]) => events.map((e) => e.version);
      expect(versions(await store.readStream(stream('f')))).toEqual([1, 2, 3, 4, 5]);
      expect(versions(await store.readStream(stream('f'), { direction: 'backward' }))).toEqual([5, 4, 3, 2, 1]);
      expect(versions(await store.readStream(stream('f'), { fromVersion: 3 }))).toEqual([3, 4, 5]);
      expect(versions(await store.readStream(stream('f'), { direction: 'backward', fromVersion: 3, limit: 2 }))).toEqual([3, 2]);
      expect(versions(await store.readStream(stream('f'), { fromVersion: 2, limit: 2 }))).toEqual([2, 3]);
      expect(versions(await store.readStream(stream('f'), { toPosition: positions[1] }))).toEqual([1, 2]);
      expect(versions(await store.readStream(stream('f'), { toTime: new Date('2025-01-03T12:00:00Z') }))).toEqual([1, 2, 3]);
      expect(await store.readStream(stream('never-written'))).toEqual([]);
    });

    it('finds the position the log had reached at a moment', async () => {
      let now = new Date('2001-02-03T00:00:00.000Z');
      const timed = await adapter.open({ clock: () => now });
      const [first] = (await timed.append(stream('at'), 'no_stream', [event('Counted', { n: 1 })])).positions;
      now = new Date('2001-02-04T00:00:00.000Z');
      const [second] = (await timed.append(stream('at'), 1, [event('Counted', { n: 2 })])).positions;
      expect(await store.positionAt(new Date('2001-02-03T12:00:00.000Z'))).toBe(first);
      expect(await store.positionAt(new Date('2001-02-04T00:00:00.000Z'))).toBe(second);
      expect(await store.positionAt(new Date('2001-02-02T00:00:00.000Z'))).toBeLessThan(first!);
      expect(await store.positionAt(new Date())).toBe(await store.lastPosition());
    });

    it('describes a stream: version, first and last position, created and updated', async () => {
      let now = new Date('2025-03-01T00:00:00.000Z');
      const timed = await adapter.open({ clock: () => now });
      const first = await timed.append(stream('g'), 'no_stream', [event('Opened', {}), event('Noted', {})]);
      now = new Date('2025-03-05T00:00:00.000Z');
      const last = await timed.append(stream('g'), 2, [event('Closed', {})]);
      expect(await store.streamInfo(stream('g'))).toEqual({
        streamId: stream('g'),
        version: 3,
        firstPosition: first.positions[0],
        lastPosition: last.positions[0],
        createdAt: '2025-03-01T00:00:00.000Z',
        updatedAt: '2025-03-05T00:00:00.000Z',
      });
      expect(await store.streamInfo(stream('never-written'))).toBeUndefined();
    });

    it('reads the global log in position order, in batches, from any position', async () => {
      const start = await store.lastPosition();
      const written: number[] = [];
      for (let n = 0; n < 7; n += 1) written.push(...(await store.append(stream(`h${n % 3}`), 'any', [event('Counted', { n })])).positions);
      expect(await store.lastPosition()).toBe(written[written.length - 1]);
      const seen: RecordedEvent[] = [];
      for (let after = start; ;) {
        const batch = await store.readAll(after, 3);
        if (batch.length === 0) break;
        expect(batch.length).toBeLessThanOrEqual(3);
        seen.push(...batch);
        after = batch[batch.length - 1]!.position;
      }
      const ours = seen.filter((e) => e.streamId.startsWith(`contract-${run}-h`));
      expect(ours.map((e) => e.position)).toEqual(written);
      expect(ours.filter(counted).map((e) => e.data.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      const positions = seen.map((e) => e.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    });

    it('reads the events at given positions across streams, in position order, leaving out positions with nothing stored', async () => {
      const written: number[] = [];
      for (let n = 0; n < 6; n += 1) written.push(...(await store.append(stream(`p${n % 2}`), 'any', [event('Counted', { n })])).positions);
      const asked = [written[4]!, written[1]!, written[4]!, (await store.lastPosition()) + 1_000, written[2]!];
      const read = await store.readPositions(asked);
      expect(read.map((e) => e.position)).toEqual([written[1], written[2], written[4]]);
      expect(read.filter(counted).map((e) => e.data.n)).toEqual([1, 2, 4]);
      expect(read.map((e) => e.streamId)).toEqual([stream('p1'), stream('p0'), stream('p0')]);
      expect(await store.readPositions([])).toEqual([]);
    });

    it('subscribes from a checkpoint: catches up, then follows live appends, each event once and in order', async () => {
      const earlier = await store.append(stream('sub'), 'no_stream', [event('Counted', { n: 1 }), event('Counted', { n: 2 })]);
      const checkpoint = earlier.positions[0]!; // already handled: n = 1
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribe({ from: checkpoint, batchSize: 2, pollMs: 5000, handler: (batch) => void seen.push(...batch) });
      try {
        await until(() => seen.some((e) => e.position === earlier.positions[1]));
        // Live: pollMs is long, so prompt delivery shows the wake-up works.
        const live = await store.append(stream('sub'), 2, [
          event('Counted', { n: 3 }),
          event('Counted', { n: 4 }),
          event('Counted', { n: 5 }),
        ]);
        await until(() => seen.some((e) => e.position === live.positions[2]));
        const ours = seen.filter((e) => e.streamId === stream('sub'));
        expect(ours.filter(counted).map((e) => e.data.n)).toEqual([2, 3, 4, 5]);
        expect(new Set(seen.map((e) => e.position)).size).toBe(seen.length);
        expect(seen.every((e) => e.position > checkpoint)).toBe(true);
        expect(subscription.position).toBe(seen[seen.length - 1]!.position);
      } finally {
        await subscription.stop();
      }
      await expect(subscription.done).resolves.toBeUndefined();
    });

    it('ends a subscription whose handler fails, without moving past the failed batch', async () => {
      const written = await store.append(stream('sub-fail'), 'no_stream', [event('Counted', { n: 1 })]);
      const subscription = store.subscribe({
        from: written.positions[0]! - 1,
        handler: () => {
          throw new Error('projection broke');
        },
      });
      await expect(subscription.done).rejects.toThrow('projection broke');
      expect(subscription.position).toBe(written.positions[0]! - 1);
    });

    it('applies upcasters on read, keyed by type and schema version, and leaves the stored event alone', async () => {
      const upcasters: Upcaster[] = [
        { type: 'Measured', fromSchemaVersion: 1, upcast: (data) => ({ ...(data as object), unit: 'm' }) },
        { type: 'Measured', fromSchemaVersion: 2, upcast: ({ value, unit }: any) => ({ amount: { value, unit } }) },
      ];
      const upcasting = await adapter.open({ upcasters });
      await store.append(stream('up'), 'no_stream', [
        event('Measured', { value: 3 }, 1),
        event('Measured', { amount: { value: 4, unit: 'km' } }, 3),
        event('Other', { value: 5 }, 1),
      ]);
      const read = await upcasting.readStream(stream('up'));
      expect(read.map((e) => [e.data, e.metadata.schemaVersion])).toEqual([
        [{ amount: { value: 3, unit: 'm' } }, 3],
        [{ amount: { value: 4, unit: 'km' } }, 3],
        [{ value: 5 }, 1],
      ]);
      const raw = await store.readStream(stream('up'));
      expect(raw[0]).toMatchObject({ data: { value: 3 }, metadata: { schemaVersion: 1 }, hash: read[0]!.hash });
      const fromLog = (await upcasting.readAll(raw[0]!.position - 1, 1))[0];
      expect(fromLog?.data).toEqual({ amount: { value: 3, unit: 'm' } });
      expect((await upcasting.verify()).ok).toBe(true);
    });

    it('verifies the hash chain of everything it holds', async () => {
      const result = await store.verify();
      expect(result).toMatchObject({ ok: true, firstBrokenPosition: null });
      expect(result.checked).toBeGreaterThan(0);
    });
  });
}

/** Polls a condition the test is waiting for (an event reaching a subscriber). */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

contractSuite(postgresAdapter());

const kurrentUrl = process.env.KURRENTDB_URL;
if (kurrentUrl) {
  contractSuite(kurrentAdapter(kurrentUrl));
} else {
  // Skipped with a reason: no KurrentDB server runs on this machine or in CI (no Docker engine);
  // docker-compose.yml provides one, and setting KURRENTDB_URL runs the same suite against it.
  describe.skip('event store contract: KurrentDB (skipped: KURRENTDB_URL is not set)', () => {
    it('runs when KURRENTDB_URL names a KurrentDB server, e.g. kurrentdb://127.0.0.1:2113?tls=false', () => undefined);
  });
  console.log('event store contract: KurrentDB part skipped — KURRENTDB_URL is not set (e.g. kurrentdb://127.0.0.1:2113?tls=false)');
}
