import type { Event, EventStore, ReadStreamOptions, RecordedEvent } from './port';

export interface AggregateStreamOptions<State, E extends Event> {
  evolve: (state: State, event: RecordedEvent<E>) => State;
  initialState: State;
  /** Which part of the stream to fold (e.g. `toPosition`: the stream as it stood then). */
  read?: ReadStreamOptions;
}

export interface AggregateStreamResult<State> {
  state: State;
  /** The version of the last event folded (0: the stream has none). */
  version: number;
}

/** A stream folded into a state, event by event from the initial one (Emmett's `aggregateStream`). */
export async function aggregateStream<State, E extends Event>(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  { evolve, initialState, read }: AggregateStreamOptions<State, E>,
): Promise<AggregateStreamResult<State>> {
  let state = initialState;
  let version = 0;
  for (const event of await store.readStream<E>(streamId, read)) {
    state = evolve(state, event);
    version = event.version;
  }
  return { state, version };
}
