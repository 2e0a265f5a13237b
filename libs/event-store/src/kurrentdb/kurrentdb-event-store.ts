import {
  BACKWARDS,
  END,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ReadPosition,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { invalidAppend } from '../append-rules';
import { GENESIS_HASH, payloadHash, streamChainHash } from '../hash-chain';
import {
  EventIdReusedError,
  WrongExpectedVersionError,
  type AppendResult,
  type ChainVerification,
  type EventMetadata,
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
import { asStreamOf } from '../typed-events';
import { upcasterRegistry, type Upcaster, type UpcastRead } from '../upcasting';

export interface KurrentDBEventStoreOptions {
  clock?: () => Date;
  upcasters?: readonly Upcaster[];
}

/** What this adapter keeps in a KurrentDB event's metadata besides the port's metadata. */
interface StoredMetadata extends EventMetadata {
  recordedAt: string;
  ledgerChain: { prevHash: string; hash: string };
}

type Stored = {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: StoredMetadata;
  position?: { commit: bigint; prepare: bigint };
};

const MAX_ANY_RETRIES = 5;

/**
 * The same port over KurrentDB (`@kurrent/kurrentdb-client`).
 *
 * - Versions: port version = stream revision + 1; an expected version becomes the expected revision.
 * - Positions: KurrentDB has no gapless counter. The port's `position` is the event's prepare
 *   position in the transaction log — unique per event and increasing in log (commit) order, but
 *   with gaps — and reading resumes from {commit: p, prepare: p}, dropping what is at or below p.
 *   Readers compare positions; they must not expect p + 1 to follow p.
 * - Hash chain: kept in each event's metadata (`ledgerChain`), chained per stream, because the
 *   global position is only known after the append; the expected revision keeps each stream's
 *   chain linear. `verify` walks $all and checks every stream's links.
 * - Idempotency: the stream is searched for the event ids (KurrentDB has no index by event id),
 *   so a reused id is found only within the stream appended to.
 * - Subscriptions: a catch-up subscription to $all filtered to non-system events.
 */
export class KurrentDBEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly clock: () => Date;
  private readonly upcast: UpcastRead;

  constructor(connectionString: string, options: KurrentDBEventStoreOptions = {}) {
    this.client = KurrentDBClient.connectionString(connectionString);
    this.clock = options.clock ?? (() => new Date());
    this.upcast = upcasterRegistry(options.upcasters ?? []);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  async append<E extends Event>(streamId: string, expected: ExpectedVersion, events: NewEvent<E>[]): Promise<AppendResult> {
    const invalid = invalidAppend(streamId, expected, events);
    if (invalid) throw new Error(invalid);
    for (let attempt = 1; ; attempt += 1) {
      const stream = await this.readStored(streamId, FORWARDS);
      const duplicate = findStored(streamId, stream, events);
      if (duplicate) return duplicate;
      const current = stream.length;
      if (expected !== 'any' && (expected === 'no_stream' ? 0 : expected) !== current) {
        throw new WrongExpectedVersionError(streamId, expected, current);
      }
      const recordedAt = this.clock().toISOString();
      let prevHash = stream[current - 1]?.metadata.ledgerChain.hash ?? GENESIS_HASH;
      const data = events.map((event, index) => {
        const metadata = { ...event.metadata, recordedAt };
        const hash = streamChainHash(prevHash, {
          streamId,
          version: current + index + 1,
          type: event.type,
          eventId: event.eventId.toLowerCase(),
          data: event.data,
          metadata,
        });
        const stored = jsonEvent({
          id: event.eventId.toLowerCase(),
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata: { ...metadata, ledgerChain: { prevHash, hash } },
        });
        prevHash = hash;
        return stored;
      });
      try {
        await this.client.appendToStream(streamId, data, { streamState: current === 0 ? NO_STREAM : BigInt(current - 1) });
      } catch (error) {
        if (!(error instanceof KurrentWrongExpectedVersionError)) throw error;
        if (expected === 'any' && attempt < MAX_ANY_RETRIES) continue;
        const actual = typeof error.actualState === 'bigint' ? Number(error.actualState) + 1 : 0;
        throw new WrongExpectedVersionError(streamId, expected, actual);
      }
      const written = await this.readStored(streamId, FORWARDS, BigInt(current), events.length);
      return { nextVersion: current + events.length, positions: written.map(positionOf), duplicate: false };
    }
  }

  async readStream<E extends Event = Event>(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent<E>[]> {
    const backward = options.direction === 'backward';
    const from = options.fromVersion === undefined ? undefined : BigInt(Math.max(0, options.fromVersion - 1));
    const filtered = options.toPosition !== undefined || options.toTime !== undefined;
    const stored = await this.readStored(streamId, backward ? BACKWARDS : FORWARDS, from, filtered ? undefined : options.limit);
    const kept = stored.filter(
      (event) =>
        (options.toPosition === undefined || positionOf(event) <= options.toPosition) &&
        (options.toTime === undefined || new Date(event.metadata.recordedAt) <= options.toTime),
    );
    return asStreamOf<E>(
      (options.limit === undefined ? kept : kept.slice(0, options.limit)).map((event) => this.upcast(toRecorded(event))),
    );
  }

  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    const read = this.client.readAll({
      fromPosition: readPosition(after),
      direction: FORWARDS,
      maxCount: limit + 1,
      filter: excludeSystemEvents(),
    });
    for await (const resolved of read) {
      const event = ledgerEvent(resolved);
      if (!event || positionOf(event) <= after) continue;
      events.push(this.upcast(toRecorded(event)));
      if (events.length === limit) break;
    }
    return events;
  }

  /**
   * KurrentDB has no index by a single log position: each one is a read of $all from just
   * before it (a seek, not a scan), so the cost grows with the number of positions asked for,
   * never with the length of the log.
   */
  async readPositions(positions: readonly number[]): Promise<RecordedEvent[]> {
    const wanted = [...new Set(positions)].sort((a, b) => a - b);
    const found = await Promise.all(
      wanted.map(async (position) => (await this.readAll(position - 1, 1)).filter((event) => event.position === position)),
    );
    return found.flat();
  }

  async lastPosition(): Promise<number> {
    for await (const resolved of this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1,
      filter: excludeSystemEvents(),
    })) {
      const event = ledgerEvent(resolved);
      if (event) return positionOf(event);
    }
    return 0;
  }

  /** Walks $all back from the end to the first event recorded at or before `time`. */
  async positionAt(time: Date): Promise<number> {
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, filter: excludeSystemEvents() })) {
      const event = ledgerEvent(resolved);
      if (event && Date.parse(event.metadata.recordedAt) <= time.getTime()) return positionOf(event);
    }
    return 0;
  }

  async streamInfo(streamId: string): Promise<StreamInfo | undefined> {
    const [first] = await this.readStored(streamId, FORWARDS, undefined, 1);
    const [last] = await this.readStored(streamId, BACKWARDS, undefined, 1);
    if (!first || !last) return undefined;
    return {
      streamId,
      version: Number(last.revision) + 1,
      firstPosition: positionOf(first),
      lastPosition: positionOf(last),
      createdAt: first.metadata.recordedAt,
      updatedAt: last.metadata.recordedAt,
    };
  }

  /** A catch-up subscription to $all; after an error it resubscribes from the last handled position. */
  subscribe(options: SubscribeOptions): Subscription {
    const { handler, pollMs = 1000, onError } = options;
    let position = options.from;
    let running = true;
    let current: { unsubscribe(): Promise<void> } | undefined;
    const run = async () => {
      while (running) {
        const subscription = this.client.subscribeToAll({ fromPosition: readPosition(position), filter: excludeSystemEvents() });
        current = subscription;
        try {
          for await (const resolved of subscription) {
            if (!running) break;
            const event = ledgerEvent(resolved);
            if (!event || positionOf(event) <= position) continue;
            try {
              await handler([this.upcast(toRecorded(event))]);
            } catch (cause) {
              throw new HandlerError(cause);
            }
            position = positionOf(event);
          }
        } catch (error) {
          if (!running) break;
          if (error instanceof HandlerError) throw error.original;
          onError?.(error);
          await new Promise((resolve) => setTimeout(resolve, pollMs));
        } finally {
          await subscription.unsubscribe().catch(() => undefined);
        }
      }
    };
    const done = run();
    done.catch(() => undefined);
    return {
      get position() {
        return position;
      },
      done,
      async stop() {
        running = false;
        await current?.unsubscribe().catch(() => undefined);
        await done.catch(() => undefined);
      },
    };
  }

  /** Walks $all from `fromPosition`: every event must carry the hash of its contents and link to its stream's previous event. */
  async verify(fromPosition = 1): Promise<ChainVerification> {
    const lastOfStream = new Map<string, { version: number; hash: string }>();
    let checked = 0;
    for await (const resolved of this.client.readAll({
      fromPosition: readPosition(fromPosition - 1),
      direction: FORWARDS,
      filter: excludeSystemEvents(),
    })) {
      const event = ledgerEvent(resolved);
      if (!event || positionOf(event) < fromPosition) continue;
      const version = Number(event.revision) + 1;
      const previous = lastOfStream.get(event.streamId) ?? (await this.previousLink(event.streamId, version));
      const { ledgerChain, ...metadata } = event.metadata;
      const hash = streamChainHash(ledgerChain.prevHash, {
        streamId: event.streamId,
        version,
        type: event.type,
        eventId: event.id,
        data: event.data,
        metadata,
      });
      if (previous.version !== version - 1 || ledgerChain.prevHash !== previous.hash || ledgerChain.hash !== hash) {
        return { ok: false, checked, firstBrokenPosition: positionOf(event) };
      }
      lastOfStream.set(event.streamId, { version, hash });
      checked += 1;
    }
    return { ok: true, checked, firstBrokenPosition: null };
  }

  private async previousLink(streamId: string, version: number): Promise<{ version: number; hash: string }> {
    if (version === 1) return { version: 0, hash: GENESIS_HASH };
    const [previous] = await this.readStored(streamId, FORWARDS, BigInt(version - 2), 1);
    return previous ? { version: Number(previous.revision) + 1, hash: previous.metadata.ledgerChain.hash } : { version: -1, hash: '' };
  }

  private async readStored(
    streamId: string,
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromRevision?: bigint,
    maxCount?: number,
  ): Promise<Stored[]> {
    const events: Stored[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction,
        fromRevision: fromRevision ?? (direction === BACKWARDS ? END : START),
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      for await (const resolved of read) {
        const event = ledgerEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }
}

/** Marks a failure of the subscriber's handler, which ends the subscription (a read error is retried). */
class HandlerError extends Error {
  constructor(readonly original: unknown) {
    super('subscription handler failed');
  }
}

/** The original result when every id is stored in this stream with the same content; an error when only some are. */
function findStored(streamId: string, stream: Stored[], events: NewEvent[]): AppendResult | undefined {
  const byId = new Map(stream.map((event) => [event.id, event]));
  const found = events.map((event) => byId.get(event.eventId.toLowerCase()));
  if (found.every((event) => event === undefined)) return undefined;
  events.forEach((event, index) => {
    const stored = found[index];
    if (!stored || stored.streamId !== streamId || stored.type !== event.type || samePayload(stored, event) === false) {
      throw new EventIdReusedError(event.eventId);
    }
  });
  return {
    nextVersion: Math.max(...found.map((event) => Number(event!.revision) + 1)),
    positions: found.map((event) => positionOf(event!)),
    duplicate: true,
  };
}

function samePayload(stored: Stored, event: NewEvent): boolean {
  const { ledgerChain: _chain, recordedAt: _recordedAt, ...metadata } = stored.metadata;
  return payloadHash(stored.data, metadata) === payloadHash(event.data, event.metadata);
}

/** Our events only: JSON, with the chain in their metadata (system and foreign events are skipped). */
function ledgerEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): Stored | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  const metadata = event.metadata as StoredMetadata | undefined;
  if (!metadata || typeof metadata !== 'object' || !('ledgerChain' in metadata)) return undefined;
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata,
    position: event.position,
  };
}

function positionOf(event: Stored): number {
  return event.position ? Number(event.position.prepare) : 0;
}

function readPosition(after: number): ReadPosition {
  return after <= 0 ? START : { commit: BigInt(after), prepare: BigInt(after) };
}

function toRecorded(event: Stored): RecordedEvent {
  const { ledgerChain, ...metadata } = event.metadata;
  return {
    position: positionOf(event),
    streamId: event.streamId,
    version: Number(event.revision) + 1,
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata,
    hash: ledgerChain.hash,
  };
}
