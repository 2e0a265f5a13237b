import type { RecordedEvent, SubscribeOptions, Subscription } from './port';

/** Something that resolves when new events may be there, or after `timeoutMs` at the latest. */
export interface Wakeup {
  start(): Promise<void>;
  /** A count of wake-ups so far; `wait(…, since)` resolves at once if it has moved since. */
  readonly notifications: number;
  wait(timeoutMs: number, since?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Catch-up then live, by reading the global log in batches: a batch is handed over, and the
 * position moves past it only once the handler has completed, so a read error (a server restart)
 * is retried from the same position — nothing skipped, nothing repeated. With `gapless`, a batch
 * that does not continue the position exactly is refused rather than delivered.
 */
export function pollingSubscription(
  readAll: (after: number, limit: number) => Promise<RecordedEvent[]>,
  wakeup: Wakeup,
  options: SubscribeOptions & { gapless?: boolean },
): Subscription {
  const { handler, batchSize = 500, pollMs = 1000, onError, gapless = false } = options;
  let position = options.from;
  let running = true;

  async function run(): Promise<void> {
    await wakeup.start();
    try {
      while (running) {
        // Read before looking at the log: a wake-up while the batch is read or handled is not missed.
        const seen = wakeup.notifications;
        let batch: RecordedEvent[];
        try {
          batch = await readAll(position, batchSize);
        } catch (error) {
          if (!running) return;
          onError?.(error);
          await wakeup.wait(pollMs);
          continue;
        }
        if (gapless) assertContinues(position, batch);
        if (batch.length > 0 && running) {
          await handler(batch);
          position = batch[batch.length - 1]!.position;
        }
        if (batch.length < batchSize && running) await wakeup.wait(pollMs, seen);
      }
    } finally {
      await wakeup.stop();
    }
  }

  const done = run();
  done.catch(() => undefined); // observed through `done` by whoever cares
  return {
    get position() {
      return position;
    },
    done,
    async stop() {
      running = false;
      await wakeup.stop();
      await done.catch(() => undefined);
    },
  };
}

function assertContinues(after: number, batch: RecordedEvent[]): void {
  batch.forEach((event, index) => {
    if (event.position !== after + index + 1) {
      throw new Error(`gap in the log: expected position ${after + index + 1}, read ${event.position}`);
    }
  });
}
