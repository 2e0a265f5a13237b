import { Client, type ClientConfig } from 'pg';
import { EVENTS_CHANNEL } from './schema';

/**
 * Wakes readers when an append commits (LISTEN/NOTIFY). Notifications are only a hint: readers
 * also poll, so a lost connection delays them by at most one poll interval. The listener
 * reconnects on its own after PostgreSQL restarts.
 */
export class EventNotifier {
  private client: Client | undefined;
  private waiters: Array<() => void> = [];
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private wakeUps = 0;

  /** A connection string, or the configuration of a pool (`pool.options`). */
  constructor(private readonly connection: string | ClientConfig) {}

  async start(): Promise<void> {
    await this.connect().catch(() => this.scheduleReconnect());
  }

  /** How many notifications (and reconnections, which may have missed some) there have been so far. */
  get notifications(): number {
    return this.wakeUps;
  }

  /**
   * Resolves at the next notification, or after `timeoutMs` (the polling fallback). With `since`
   * (`notifications` read before the reader last looked at the log), resolves at once if one has
   * come since then: an append that commits while the reader is busy is not left to the poll.
   */
  wait(timeoutMs: number, since?: number): Promise<void> {
    if (this.stopped || (since !== undefined && since !== this.wakeUps)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiters = this.waiters;
      function done(): void {
        clearTimeout(timer);
        const index = waiters.indexOf(done);
        if (index >= 0) waiters.splice(index, 1);
        resolve();
      }
      waiters.push(done);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.wakeAll();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(typeof this.connection === 'string' ? { connectionString: this.connection } : this.connection);
    client.on('error', () => this.scheduleReconnect());
    client.on('end', () => this.scheduleReconnect());
    client.on('notification', () => this.wakeAll());
    await client.connect();
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    await client.query(`listen ${EVENTS_CHANNEL}`);
    this.client = client;
    this.wakeAll(); // something may have been appended while we were not listening
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const lost = this.client;
    this.client = undefined;
    lost?.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch(() => this.scheduleReconnect());
    }, 500);
  }

  private wakeAll(): void {
    this.wakeUps += 1;
    for (const wake of [...this.waiters]) wake();
  }
}
