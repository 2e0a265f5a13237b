import type { Pool, PoolClient } from 'pg';
import { inTransaction, migrate } from '@ledger/postgres';
import { chainHash, GENESIS_HASH, payloadHash } from '../hash-chain';
import {
  EventIdReusedError,
  WrongExpectedVersionError,
  type AppendResult,
  type ChainVerification,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
} from '../port';
import { EVENT_STORE_MIGRATIONS } from './schema';

/** Channel notified (with the last position) whenever an append commits. */
export const EVENTS_CHANNEL = 'ledger_events';

// One lock for the whole log: positions are assigned as last + 1 while it is held, and it is
// released only at commit, so commit order is position order and no reader sees a gap.
const APPEND_LOCK = 0x1ed9e7;

interface EventRow {
  position: number;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  hash: string;
  prev_hash: string;
}

export class PostgresEventStore implements EventStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async migrate(): Promise<void> {
    await migrate(this.pool, 'event-store', EVENT_STORE_MIGRATIONS);
  }

  async append(streamId: string, expected: ExpectedVersion, events: NewEvent[]): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const client = await this.pool.connect();
    try {
      return await inTransaction(client, async () => {
        await client.query('select pg_advisory_xact_lock($1)', [APPEND_LOCK]);
        const stored = await this.alreadyStored(client, streamId, events);
        if (stored) return stored;
        const current = await this.streamVersion(client, streamId);
        if (!versionMatches(expected, current)) throw new WrongExpectedVersionError(streamId, expected, current);
        const last = await client.query<{ position: number; hash: string }>(
          'select position, hash from events order by position desc limit 1',
        );
        let position = last.rows[0]?.position ?? 0;
        let prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
        const recordedAt = this.clock().toISOString();
        const rows: unknown[][] = [];
        events.forEach((event, index) => {
          position += 1;
          const version = current + index + 1;
          const metadata = { ...event.metadata, recordedAt };
          const hash = chainHash(prevHash, { position, streamId, version, type: event.type, eventId: event.eventId, data: event.data, metadata });
          rows.push([position, streamId, version, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(metadata), recordedAt, prevHash, hash]);
          prevHash = hash;
        });
        await insertRows(client, rows);
        await client.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, String(position)]);
        return {
          nextVersion: current + events.length,
          positions: rows.map((row) => row[0] as number),
          duplicate: false,
        };
      });
    } finally {
      client.release();
    }
  }

  async readStream(streamId: string, options: { fromVersion?: number; toPosition?: number } = {}): Promise<RecordedEvent[]> {
    const result = await this.pool.query<EventRow>(
      `select * from events where stream_id = $1 and version >= $2 and position <= $3 order by version`,
      [streamId, options.fromVersion ?? 1, options.toPosition ?? Number.MAX_SAFE_INTEGER],
    );
    return result.rows.map(toRecorded);
  }

  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    const result = await this.pool.query<EventRow>('select * from events where position > $1 order by position limit $2', [after, limit]);
    return result.rows.map(toRecorded);
  }

  async lastPosition(): Promise<number> {
    const result = await this.pool.query<{ position: number | null }>('select max(position) as position from events');
    return result.rows[0]?.position ?? 0;
  }

  async verify(fromPosition = 1): Promise<ChainVerification> {
    let checked = 0;
    let after = fromPosition - 1;
    let prevHash: string | undefined;
    if (after > 0) {
      const previous = await this.pool.query<{ hash: string }>('select hash from events where position = $1', [after]);
      prevHash = previous.rows[0]?.hash;
    } else {
      prevHash = GENESIS_HASH;
    }
    for (;;) {
      const batch = await this.pool.query<EventRow>('select * from events where position > $1 order by position limit 5000', [after]);
      if (batch.rows.length === 0) return { ok: true, checked, firstBrokenPosition: null };
      for (const row of batch.rows) {
        const expectedHash = chainHash(row.prev_hash, {
          position: row.position,
          streamId: row.stream_id,
          version: row.version,
          type: row.type,
          eventId: row.event_id,
          data: row.data,
          metadata: row.metadata,
        });
        const contiguous = row.position === after + 1;
        if (!contiguous || row.prev_hash !== prevHash || row.hash !== expectedHash) {
          return { ok: false, checked, firstBrokenPosition: contiguous ? row.position : after + 1 };
        }
        checked += 1;
        after = row.position;
        prevHash = row.hash;
      }
    }
  }

  /** When every id is stored already, the original result; when none is, undefined. */
  private async alreadyStored(client: PoolClient, streamId: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const found = await client.query<EventRow>('select * from events where event_id = any($1::uuid[]) order by position', [
      events.map((event) => event.eventId),
    ]);
    if (found.rows.length === 0) return undefined;
    const byId = new Map(found.rows.map((row) => [row.event_id, row]));
    for (const event of events) {
      const row = byId.get(event.eventId);
      const same =
        row !== undefined &&
        row.stream_id === streamId &&
        row.type === event.type &&
        payloadHash(row.data, stripRecordedAt(row.metadata)) === payloadHash(event.data, event.metadata);
      if (!same) throw new EventIdReusedError(event.eventId);
    }
    const rows = events.map((event) => byId.get(event.eventId)!);
    return { nextVersion: Math.max(...rows.map((row) => row.version)), positions: rows.map((row) => row.position), duplicate: true };
  }

  private async streamVersion(client: PoolClient, streamId: string): Promise<number> {
    const result = await client.query<{ version: number | null }>('select max(version) as version from events where stream_id = $1', [
      streamId,
    ]);
    return result.rows[0]?.version ?? 0;
  }
}

function versionMatches(expected: ExpectedVersion, current: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === 0;
  return expected === current;
}

async function insertRows(client: PoolClient, rows: unknown[][]): Promise<void> {
  const columns = 10;
  const placeholders = rows.map((_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(',')})`);
  await client.query(
    `insert into events (position, stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash) values ${placeholders.join(',')}`,
    rows.flat(),
  );
}

function stripRecordedAt(metadata: RecordedEvent['metadata']): Omit<RecordedEvent['metadata'], 'recordedAt'> {
  const { recordedAt: _recordedAt, ...rest } = metadata;
  return rest;
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
