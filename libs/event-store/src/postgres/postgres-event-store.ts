import type { Pool, QueryConfig } from 'pg';
import { canonicalJson } from '@ledger/canonical-json';
import { eventStoreAppendDuration, eventStoreAppendGroupSize, inSpan, secondsSince } from '@ledger/observability';
import { migrate } from '@ledger/postgres';
import { GENESIS_HASH } from '../hash-chain';
import { compareCheckpoint, type ChainCheckpoint, type CheckpointComparison } from '../chain-checkpoint';
import {
  EventIdReusedError,
  WrongExpectedVersionError,
  type AppendResult,
  type ChainVerification,
  type EventStore,
  type ExpectedVersion,
  type Event,
  type NewEvent,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamInfo,
  type SubscribeOptions,
  type Subscription,
} from '../port';
import { invalidAppend } from '../append-rules';
import { pollingSubscription } from '../subscription';
import { asStreamOf } from '../typed-events';
import { upcasterRegistry, type Upcaster, type UpcastRead } from '../upcasting';
import { EventNotifier } from './event-notifier';
import { EVENT_STORE_MIGRATIONS } from './schema';

export { EVENTS_CHANNEL } from './schema';

export interface PostgresEventStoreOptions {
  /** Stamps `recordedAt`; tests move time with it. */
  clock?: () => Date;
  /** Applied to every event read (streams, the global log, subscriptions). */
  upcasters?: readonly Upcaster[];
  /**
   * Concurrent appends of this process are written together, in one call and one transaction,
   * each append still checked and written whole on its own. 1 turns coalescing off.
   */
  maxAppendsPerTransaction?: number;
  /**
   * Calls of `ledger_append` this process keeps in flight. Two let PostgreSQL parse and hash one
   * group of appends on one core while the other group holds the append lock on the other.
   */
  concurrentWrites?: number;
}

interface PendingAppend {
  streamId: string;
  expected: ExpectedVersion;
  events: NewEvent[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface AppendOutcome {
  r_outcome: 'written' | 'duplicate' | 'conflict' | 'reused';
  r_version: number | null;
  r_positions: number[] | null;
  r_event_id: string | null;
}

interface EventRow {
  position: number;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  hash: string;
}

const EVENT_COLUMNS = 'position, stream_id, version, event_id, type, data, metadata, hash';
const READ_ALL_SQL = `select ${EVENT_COLUMNS} from events where position > $1 order by position limit $2`;
// The primary key finds each one: as cheap for a page of a long history as for a short one.
const READ_POSITIONS_SQL = `select ${EVENT_COLUMNS} from events where position = any($1::bigint[]) order by position`;
const MAX_EVENTS_PER_TRANSACTION = 5000;
const VERIFY_BATCH = 50_000;

interface VerifiedBatch {
  rows: number;
  broken_index: number | null;
}

// One batch of `verify`, positions ($1, $1 + $2]: how many rows it holds and the index of the
// first one that is out of place, not linked to the row before it (the stored row $1, or genesis
// $3 at the start) or whose hash does not match its contents. Index 0: the row before the batch
// is missing. One pass over the rows, nothing materialised.
const VERIFY_BATCH_SQL = `
  select count(b.position)::integer as rows,
         case when a.hash is null then 0
              else min(b.index) filter (where b.position <> $1 + b.index
                                           or b.prev_hash is distinct from coalesce(b.previous_hash, a.hash)
                                           or b.hash <> b.recomputed)
         end::integer as broken_index
    from (select case when $1 = 0 then $3 else (select hash from events where position = $1) end as hash) a
    left join (
      select position, prev_hash, hash,
             row_number() over w as index,
             lag(hash) over w as previous_hash,
             ledger_chain_hash(prev_hash, position, stream_id, version, type, event_id, ledger_payload_hash(data, metadata)) as recomputed
        from events where position > $1 and position <= $1 + $2
      window w as (order by position)
    ) b on true
   group by a.hash`;

/**
 * The PostgreSQL adapter. One statement (`ledger_append`) takes the global append lock, checks
 * and inserts, so the lock is held for that statement and the commit only; appends that arrive
 * while calls are in flight (two by default) wait in a queue and go together in the next
 * transaction, which is what lets many writers share one commit (and its fsync) without giving
 * up gapless positions.
 */
export class PostgresEventStore implements EventStore {
  private readonly clock: () => Date;
  private readonly upcast: UpcastRead;
  private readonly maxAppends: number;
  private readonly queue: PendingAppend[] = [];
  private readonly concurrentWrites: number;
  private inFlight = 0;
  private readAhead?: { after: number; limit: number; events: Promise<RecordedEvent[] | undefined> };

  constructor(
    private readonly pool: Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.upcast = upcasterRegistry(options.upcasters ?? []);
    this.maxAppends = Math.max(1, options.maxAppendsPerTransaction ?? 64);
    this.concurrentWrites = Math.max(1, options.concurrentWrites ?? 2);
  }

  /** Applies the migrations not applied yet; returns their versions (none on a second run). */
  migrate(): Promise<number[]> {
    return migrate(this.pool, 'event-store', EVENT_STORE_MIGRATIONS);
  }

  append<E extends Event>(streamId: string, expected: ExpectedVersion, events: NewEvent<E>[]): Promise<AppendResult> {
    const invalid = invalidAppend(streamId, expected, events);
    if (invalid) return Promise.reject(new Error(invalid));
    return inSpan('event-store append', { 'ledger.stream_id': streamId, 'ledger.events': events.length }, () => {
      const start = process.hrtime.bigint();
      return new Promise<AppendResult>((resolve, reject) => {
        this.queue.push({ streamId, expected, events, resolve, reject });
        this.writeQueued();
      }).finally(() => eventStoreAppendDuration.observe(secondsSince(start)));
    });
  }

  async readStream<E extends Event = Event>(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent<E>[]> {
    const backward = options.direction === 'backward';
    const conditions = ['stream_id = $1'];
    const params: unknown[] = [streamId];
    const where = (condition: string, value: unknown) => {
      params.push(value);
      conditions.push(condition.replace('?', `$${params.length}`));
    };
    if (options.fromVersion !== undefined) where(backward ? 'version <= ?' : 'version >= ?', options.fromVersion);
    if (options.toPosition !== undefined) where('position <= ?', options.toPosition);
    if (options.toTime !== undefined) where('recorded_at <= ?', options.toTime);
    let sql = `select ${EVENT_COLUMNS} from events where ${conditions.join(' and ')} order by version ${backward ? 'desc' : 'asc'}`;
    if (options.limit !== undefined) {
      params.push(options.limit);
      sql += ` limit $${params.length}`;
    }
    const result = await this.pool.query<EventRow>(sql, params);
    return asStreamOf<E>(result.rows.map((row) => this.upcast(toRecorded(row))));
  }

  /**
   * After a full batch the next one is read at once, on another connection, while the caller
   * works on this one: whoever reads a full batch is usually scanning the log (a catch-up, a
   * rebuild, an export). It is handed over only if the caller asks for exactly that batch and it
   * came back full — positions up to after + limit were all committed then, and committed events
   * never change, so it is what a fresh read would return; otherwise the read is made afresh.
   */
  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    const ahead = this.readAhead;
    this.readAhead = undefined;
    const prefetched = ahead && ahead.after === after && ahead.limit === limit ? await ahead.events : undefined;
    const events = prefetched?.length === limit ? prefetched : await this.readAllNow(after, limit);
    if (events.length === limit && limit > 0) {
      const next = events[events.length - 1]!.position;
      // A failed read ahead is only a miss: the caller's own read reports the error.
      this.readAhead = { after: next, limit, events: this.readAllNow(next, limit).catch(() => undefined) };
    }
    return events;
  }

  private async readAllNow(after: number, limit: number): Promise<RecordedEvent[]> {
    const result = await this.pool.query<EventRow>({ name: 'ledger_read_all', text: READ_ALL_SQL, values: [after, limit] });
    return result.rows.map((row) => this.upcast(toRecorded(row)));
  }

  async readPositions(positions: readonly number[]): Promise<RecordedEvent[]> {
    if (positions.length === 0) return [];
    const result = await this.pool.query<EventRow>({
      name: 'ledger_read_positions',
      text: READ_POSITIONS_SQL,
      values: [[...new Set(positions)]],
    });
    return result.rows.map((row) => this.upcast(toRecorded(row)));
  }

  async lastPosition(): Promise<number> {
    const result = await this.pool.query<{ position: number }>('select position from events order by position desc limit 1');
    return result.rows[0]?.position ?? 0;
  }

  /** The tip of the chain (position 0 and the genesis hash for an empty log), to keep outside the database. */
  async checkpoint(): Promise<ChainCheckpoint> {
    const result = await this.pool.query<ChainCheckpoint>('select position, hash from events order by position desc limit 1');
    return result.rows[0] ?? { position: 0, hash: GENESIS_HASH };
  }

  /** Whether the chain still passes through a checkpoint exported earlier. */
  async compareCheckpoint(checkpoint: ChainCheckpoint): Promise<CheckpointComparison> {
    if (checkpoint.position === 0) return compareCheckpoint(checkpoint, GENESIS_HASH);
    const result = await this.pool.query<{ hash: string }>('select hash from events where position = $1', [checkpoint.position]);
    return compareCheckpoint(checkpoint, result.rows[0]?.hash ?? null);
  }

  async positionAt(time: Date): Promise<number> {
    const result = await this.pool.query<{ position: number | null }>(
      'select max(position) as position from events where recorded_at <= $1',
      [time],
    );
    return Number(result.rows[0]?.position ?? 0);
  }

  async streamInfo(streamId: string): Promise<StreamInfo | undefined> {
    const result = await this.pool.query<{
      version: number;
      first_position: number;
      last_position: number;
      created_at: Date;
      updated_at: Date;
    }>(
      `select l.version, f.position as first_position, l.position as last_position, f.recorded_at as created_at, l.recorded_at as updated_at
         from (select position, recorded_at from events where stream_id = $1 order by version limit 1) f,
              (select version, position, recorded_at from events where stream_id = $1 order by version desc limit 1) l`,
      [streamId],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    return {
      streamId,
      version: row.version,
      firstPosition: row.first_position,
      lastPosition: row.last_position,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  subscribe(options: SubscribeOptions): Subscription {
    return pollingSubscription((after, limit) => this.readAll(after, limit), new EventNotifier(this.pool.options), {
      ...options,
      gapless: true,
    });
  }

  /**
   * Walks the chain from `fromPosition` inside PostgreSQL: each row's hash is recomputed from the
   * row (`ledger_chain_hash`, `ledger_payload_hash`), its prev_hash must be the hash of the row
   * before, and positions must follow each other. Each batch of positions is checked on its own
   * (its first link against the stored row before it), so two run at once, one per core.
   */
  async verify(fromPosition = 1): Promise<ChainVerification> {
    const start = Math.max(0, fromPosition - 1);
    const last = await this.lastPosition();
    const checkBatch = (after: number) =>
      this.pool.query<VerifiedBatch>(VERIFY_BATCH_SQL, [after, VERIFY_BATCH, GENESIS_HASH]).then((result) => result.rows[0]!);
    let checked = 0;
    let next = start < last ? checkBatch(start) : undefined;
    for (let after = start; next; after += VERIFY_BATCH) {
      const current = next;
      next = after + VERIFY_BATCH < last ? checkBatch(after + VERIFY_BATCH) : undefined;
      const batch = await current.catch((error) => {
        next?.catch(() => undefined);
        throw error;
      });
      if (batch.broken_index !== null) {
        next?.catch(() => undefined);
        return { ok: false, checked: checked + Math.max(0, batch.broken_index - 1), firstBrokenPosition: after + batch.broken_index };
      }
      checked += batch.rows;
    }
    return { ok: true, checked, firstBrokenPosition: null };
  }

  private writeQueued(): void {
    if (this.inFlight >= this.concurrentWrites || this.queue.length === 0) return;
    this.inFlight += 1;
    const group = takeGroup(this.queue, this.maxAppends);
    this.writeGroup(group)
      .catch((error) => group.forEach((append) => append.reject(error)))
      .finally(() => {
        this.inFlight -= 1;
        this.writeQueued();
      });
  }

  private async writeGroup(group: PendingAppend[]): Promise<void> {
    const recordedAt = this.clock();
    eventStoreAppendGroupSize.observe(group.length);
    const { rows } = await this.pool.query<AppendOutcome>(appendCall(group, recordedAt));
    group.forEach((append, index) => settle(append, rows[index]));
  }
}

function settle(append: PendingAppend, row: AppendOutcome | undefined): void {
  if (!row) return append.reject(new Error(`no outcome for the append to ${append.streamId}`));
  switch (row.r_outcome) {
    case 'written':
    case 'duplicate':
      return append.resolve({
        nextVersion: row.r_version!,
        positions: row.r_positions!.map(Number),
        duplicate: row.r_outcome === 'duplicate',
      });
    case 'conflict':
      return append.reject(new WrongExpectedVersionError(append.streamId, append.expected, row.r_version!));
    case 'reused':
      return append.reject(new EventIdReusedError(row.r_event_id!));
    default: {
      const unknown: never = row.r_outcome;
      return append.reject(new Error(`unknown append outcome ${String(unknown)}`));
    }
  }
}

/** The next appends to write together: at least one, at most `maxAppends`, within the event budget. */
function takeGroup(queue: PendingAppend[], maxAppends: number): PendingAppend[] {
  let count = 0;
  let events = 0;
  while (count < queue.length && count < maxAppends) {
    events += queue[count]!.events.length;
    if (count > 0 && events > MAX_EVENTS_PER_TRANSACTION) break;
    count += 1;
  }
  return queue.splice(0, count);
}

// Payloads travel as one JSON array each, split in PostgreSQL: json_array_elements keeps each
// element's text as sent, and no array literal has to escape every quote of it. Named, so each
// connection parses and plans the call once.
const payloads = (data: number, metadata: number) =>
  `array(select e from json_array_elements($${data}::json) with ordinality as d(e, n) order by n),
   array(select e from json_array_elements($${metadata}::json) with ordinality as m(e, n) order by n)`;
const APPEND_ONE_SQL = `select * from ledger_append_one($1, $2, $3, $4, ${payloads(5, 6)}, $7)`;
const APPEND_SQL = `select * from ledger_append($1, $2, $3, $4, $5, ${payloads(6, 7)}, $8)`;

/** The call for a group: `ledger_append_one` for a lone append (most calls), else `ledger_append`. */
function appendCall(group: PendingAppend[], recordedAt: Date): QueryConfig {
  const stamp = recordedAt.toISOString();
  const ids: string[] = [];
  const types: string[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  for (const append of group) {
    for (const event of append.events) {
      ids.push(event.eventId.toLowerCase());
      types.push(event.type);
      // Stored verbatim and hashed as sent: canonical, so equal payloads are equal texts.
      data.push(canonicalJson(event.data));
      metadata.push(canonicalJson({ ...event.metadata, recordedAt: stamp }));
    }
  }
  const payload = [ids, types, `[${data.join(',')}]`, `[${metadata.join(',')}]`, recordedAt];
  const expected = (append: PendingAppend) => (append.expected === 'any' ? -1 : append.expected === 'no_stream' ? 0 : append.expected);
  if (group.length === 1) {
    return { name: 'ledger_append_one', text: APPEND_ONE_SQL, values: [group[0]!.streamId, expected(group[0]!), ...payload] };
  }
  return {
    name: 'ledger_append',
    text: APPEND_SQL,
    values: [group.map((append) => append.streamId), group.map(expected), group.map((append) => append.events.length), ...payload],
  };
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    position: row.position,
    streamId: row.stream_id,
    version: row.version,
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    hash: row.hash,
  };
}
