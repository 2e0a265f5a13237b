import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventNotifier, PostgresEventStore } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { createTestDatabase } from '../support/database';
import { eventually } from '../support/system';

/** The LISTEN/NOTIFY hint that wakes projectors and subscriptions when an append commits. */
describe('the event notifier', () => {
  let url: string;
  let pool: ReturnType<typeof createPool>;
  let store: PostgresEventStore;
  let notifier: EventNotifier;

  beforeAll(async () => {
    url = await createTestDatabase('notifier');
    pool = createPool(url);
    store = new PostgresEventStore(pool);
    await store.migrate();
    notifier = new EventNotifier(url);
    await notifier.start();
  });
  afterAll(async () => {
    await notifier?.stop();
    await pool?.end();
  });

  const append = () =>
    store.append(`notify-${randomUUID()}`, 'no_stream', [{ eventId: randomUUID(), type: 'Noted', data: {}, metadata: {} as never }]);
  /** 'woken' if the wait ends within 5 s; 'polled' if not (its poll interval here is a minute). */
  const outcome = (wait: Promise<void>) => Promise.race([wait.then(() => 'woken'), sleep(5_000).then(() => 'polled')]);

  it('wakes a waiting reader when an append commits', async () => {
    const wait = notifier.wait(60_000);
    await append();
    expect(await outcome(wait)).toBe('woken');
  });

  it('does not leave to the poll an append that committed while the reader was busy, before it waited', async () => {
    // The reader notes the count, reads the log (finds nothing new), and meanwhile an append commits.
    const seen = notifier.notifications;
    await append();
    await eventually(async () => (notifier.notifications > seen ? true : undefined), 5_000);
    // Only now does it wait: it returns at once instead of sleeping through the poll interval.
    expect(await outcome(notifier.wait(60_000, seen))).toBe('woken');
    // With nothing new since it looked, it waits.
    expect(await outcome(notifier.wait(60_000, notifier.notifications))).toBe('polled');
  });
});
