import { aggregateStream } from './aggregate-stream';
import type { Event, EventStore, RecordedEvent } from './port';
import { asStreamOf, isEventOf } from './typed-events';

type Counted = Event<'Counted', { n: number }>;
type Reset = Event<'Reset', { reason: string }>;

const metadata = {
  actorId: 'a',
  role: 'r',
  unitId: null,
  correlationId: 'c',
  causationId: null,
  workflowId: null,
  schemaVersion: 1,
  recordedAt: '2025-01-01T00:00:00.000Z',
};

function recorded<E extends Event>(event: E, version: number): RecordedEvent<E> {
  return { ...event, position: version, streamId: 's', version, eventId: `e${version}`, metadata, hash: 'h' };
}

const stream: RecordedEvent<Counted | Reset>[] = [
  recorded<Counted | Reset>({ type: 'Counted', data: { n: 2 } }, 1),
  recorded<Counted | Reset>({ type: 'Reset', data: { reason: 'new month' } }, 2),
  recorded<Counted | Reset>({ type: 'Counted', data: { n: 3 } }, 3),
];
const store: Pick<EventStore, 'readStream'> = {
  // A fake adapter: like the real ones, it hands its events over through asStreamOf.
  readStream: async <E extends Event>() => asStreamOf<E>(stream),
};

describe('aggregateStream', () => {
  it('folds the stream from the initial state and tells the version it reached', async () => {
    const evolve = (total: number, event: RecordedEvent<Counted | Reset>) => (event.type === 'Counted' ? total + event.data.n : 0);
    expect(await aggregateStream(store, 's', { evolve, initialState: 10 })).toEqual({ state: 3, version: 3 });
  });

  it('gives the initial state and version 0 for a stream with no events', async () => {
    const empty: Pick<EventStore, 'readStream'> = { readStream: async () => [] };
    expect(await aggregateStream(empty, 's', { evolve: (total: number) => total + 1, initialState: 0 })).toEqual({ state: 0, version: 0 });
  });
});

describe('isEventOf', () => {
  it('keeps the events of the types named, typed as such', () => {
    const log: RecordedEvent[] = stream;
    const counted = log.filter(isEventOf<Counted>(['Counted']));
    expect(counted.map((event) => event.data.n)).toEqual([2, 3]);
  });
});
