/** What every event carries besides its payload. Names, not personal data: actors are ids. */
export interface EventMetadata {
  actorId: string;
  role: string;
  unitId: string | null;
  correlationId: string;
  causationId: string | null;
  workflowId: string | null;
  schemaVersion: number;
}

/**
 * An event as a document kind defines it: its type and its payload (Emmett's `Event`). The
 * domain's unions (`ReportEvent`, `NoticeEvent`, …) are unions of these, discriminated by `type`.
 */
export interface Event<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** An event as the caller hands it to `append`. */
export type NewEvent<E extends Event = Event> = E & {
  eventId: string;
  metadata: EventMetadata;
};

/**
 * An event as stored: with its place in its stream and in the global log. Over a union of
 * events it is a union too, so checking `type` narrows `data`.
 */
export type RecordedEvent<E extends Event = Event> = E & {
  position: number;
  streamId: string;
  version: number;
  eventId: string;
  metadata: EventMetadata & { recordedAt: string };
  hash: string;
};

/** A stream version (1 = one event stored), or a rule about the stream's existence. */
export type ExpectedVersion = number | 'no_stream' | 'any';

export interface AppendResult {
  /** The stream's version after the append (the version of its last event). */
  nextVersion: number;
  positions: number[];
  /** True when every event id was already stored and nothing was written. */
  duplicate: boolean;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenPosition: number | null;
}

export interface ReadStreamOptions {
  /** Forward (default): versions from `fromVersion` up. Backward: from `fromVersion` (default: the last) down. */
  direction?: 'forward' | 'backward';
  fromVersion?: number;
  /** Only events at or below this global position. */
  toPosition?: number;
  /** Only events recorded at or before this time. */
  toTime?: Date;
  limit?: number;
}

/** What is known about a stream without reading it. */
export interface StreamInfo {
  streamId: string;
  version: number;
  firstPosition: number;
  lastPosition: number;
  createdAt: string;
  updatedAt: string;
}

export interface SubscribeOptions {
  /** The last position already handled (0: from the beginning). Delivery starts after it. */
  from: number;
  /** Called with each batch in position order; the next batch waits until it resolves. */
  handler: (events: RecordedEvent[]) => Promise<void> | void;
  batchSize?: number;
  /** Polling fallback when no wake-up arrives, and the pause before retrying after an error. */
  pollMs?: number;
  /** Told about read errors (the subscription retries them) — e.g. while the server restarts. */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** The last position handed to the handler and completed. */
  readonly position: number;
  /** Settles when the subscription ends: resolves after `stop()`, rejects when the handler throws. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The system of record. Positions are global and increase in commit order; readers never see
 * an event before every event of a lower position is visible. (The PostgreSQL adapter also keeps
 * them gapless, starting at 1; see the KurrentDB adapter for how its positions map.)
 */
export interface EventStore {
  append<E extends Event>(streamId: string, expected: ExpectedVersion, events: NewEvent<E>[]): Promise<AppendResult>;
  /**
   * A stream's events, typed as the union `E` its document kind writes there (as Emmett's
   * `readStream<E>`): a stream has one writer, which appends only that kind's events, and they
   * are read through the upcasters, so each arrives in the current shape of its type.
   */
  readStream<E extends Event = Event>(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent<E>[]>;
  /** Events with position > `after`, in position order, at most `limit` of them (any kind: narrow by `type`). */
  readAll(after: number, limit: number): Promise<RecordedEvent[]>;
  /**
   * The events at these global positions, in position order, whatever their streams (a position
   * nothing is stored at is left out). For reads that find positions in an index of their own
   * (a task's history) and must not read whole streams to get a few events.
   */
  readPositions(positions: readonly number[]): Promise<RecordedEvent[]>;
  /** The highest position stored (0 when empty). */
  lastPosition(): Promise<number>;
  /** The highest position recorded at or before `time` (0 when nothing was): the log as it stood then. */
  positionAt(time: Date): Promise<number>;
  /** undefined when the stream has no events. */
  streamInfo(streamId: string): Promise<StreamInfo | undefined>;
  /** Catch up from `from`, then follow new events live, until stopped. */
  subscribe(options: SubscribeOptions): Subscription;
  verify(fromPosition?: number): Promise<ChainVerification>;
}

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedVersionError';
  }
}

export class EventIdReusedError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored with a different stream, type or payload`);
    this.name = 'EventIdReusedError';
  }
}
