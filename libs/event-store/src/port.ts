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

/** An event as the caller hands it to `append`. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/** An event as stored: with its place in its stream and in the global log. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  position: number;
  streamId: string;
  version: number;
  eventId: string;
  type: Type;
  data: Data;
  metadata: EventMetadata & { recordedAt: string };
  hash: string;
}

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

/**
 * The system of record. Positions are global, start at 1, and are assigned in commit order
 * without gaps: once position p is visible every position below it is visible too.
 */
export interface EventStore {
  append(streamId: string, expected: ExpectedVersion, events: NewEvent[]): Promise<AppendResult>;
  readStream(streamId: string, options?: { fromVersion?: number; toPosition?: number }): Promise<RecordedEvent[]>;
  /** Events with position > `after`, in position order, at most `limit` of them. */
  readAll(after: number, limit: number): Promise<RecordedEvent[]>;
  /** The highest position stored (0 when empty). */
  lastPosition(): Promise<number>;
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
