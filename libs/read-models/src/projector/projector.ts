import type { DataSource, QueryRunner } from 'typeorm';
import type { EventNotifier, EventStore, RecordedEvent } from '@ledger/event-store';
import { applyEvents } from './apply-events';
import type { Projection } from './projection';

export interface ProjectorOptions {
  /** Name of the checkpoint and of the ownership lock. */
  name: string;
  dataSource: DataSource;
  store: EventStore;
  notifier: EventNotifier;
  projections: readonly Projection[];
  batchSize?: number;
  /** Polling fallback when no notification arrives. */
  pollMs?: number;
  log?: (message: string) => void;
}

/**
 * Feeds read models from the global log. Each batch and the checkpoint move in one transaction,
 * so every event is applied exactly once; an advisory lock makes one process the owner while
 * others stand by.
 */
export class Projector {
  private running = false;
  private loop: Promise<void> | undefined;
  private lockRunner: QueryRunner | undefined;
  private position = 0;
  private lastBeat = 0;
  private checkpointRowExists = false;
  private readonly positionWaiters: Array<{ position: number; resolve: () => void }> = [];

  constructor(private readonly options: ProjectorOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** The last position applied, as far as this instance knows. */
  get checkpoint(): number {
    return this.position;
  }

  /** Whether this instance holds the ownership lock now. */
  get owner(): boolean {
    return this.lockRunner !== undefined;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.options.notifier.start();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.options.notifier.stop();
    await this.loop;
    await this.releaseOwnership();
  }

  /** Resolves once the read models include every event up to `position`. */
  waitFor(position: number, timeoutMs = 10_000): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`projector ${this.options.name} did not reach ${position} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.positionWaiters.push({ position, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Applies every stored event not applied yet; returns the checkpoint reached. */
  async catchUp(): Promise<number> {
    const { batchSize = 1000 } = this.options;
    // A short batch reached the end of the log: no need for another round trip to find nothing.
    while ((await this.applyNextBatch()) === batchSize);
    return this.position;
  }

  private async run(): Promise<void> {
    const { notifier, pollMs = 1000, log } = this.options;
    while (this.running) {
      // Read before catching up: an append that commits during the catch-up wakes the wait below at once.
      const seen = notifier.notifications;
      try {
        if (await this.ensureOwnership()) {
          await this.catchUp();
          if (Date.now() - this.lastBeat >= 1000) await this.beat();
        }
      } catch (error) {
        log?.(`projector ${this.options.name}: ${(error as Error).message}`);
        await this.releaseOwnership();
      }
      if (this.running) await notifier.wait(pollMs, seen);
    }
  }

  /**
   * A batch fails whole when one projection cannot apply one of its events. Then it is applied
   * again with each projection under a savepoint: a projection that fails on an event stops there
   * (recorded in projection_failures, logged, shown by \`projections status\` and the health
   * check) and the others go on. Errors of the moment (a lost connection) fail the retry too.
   */
  private async applyNextBatch(): Promise<number> {
    try {
      return await this.applyBatch(false);
    } catch {
      return this.applyBatch(true);
    }
  }

  private async applyBatch(isolate: boolean): Promise<number> {
    const { dataSource, store, name, projections, batchSize = 1000, log } = this.options;
    let applied = 0;
    await dataSource.transaction(async (manager) => {
      const lock = () =>
        manager.query(`select position from projection_checkpoints where name = $1 for update`, [name]) as Promise<
          { position: number | string }[]
        >;
      let rows = this.checkpointRowExists ? await lock() : [];
      if (rows.length === 0) {
        await manager.query(`insert into projection_checkpoints (name, position) values ($1, 0) on conflict (name) do nothing`, [name]);
        rows = await lock();
      }
      const checkpoint = Number(rows[0]!.position);
      this.checkpointRowExists = true;
      const events = await store.readAll(checkpoint, batchSize);
      assertContiguous(checkpoint, events);
      if (events.length > 0) {
        const stopped = new Set(
          (
            (await manager.query(`select projection from projection_failures where projector = $1`, [name])) as { projection: string }[]
          ).map((row) => row.projection),
        );
        const live = stopped.size > 0 ? projections.filter((projection) => !stopped.has(projection.name)) : projections;
        for (const failure of await applyEvents(manager, live, events, isolate)) {
          await manager.query(
            `insert into projection_failures (projector, projection, position, event_id, event_type, error) values ($1, $2, $3, $4, $5, $6)
             on conflict (projector, projection) do nothing`,
            [name, failure.projection, failure.position, failure.eventId, failure.eventType, failure.error],
          );
          log?.(
            `projector ${name}: projection ${failure.projection} stopped at position ${failure.position} (${failure.eventType} ${failure.eventId}): ${failure.error}`,
          );
        }
        const last = events[events.length - 1]!.position;
        await manager.query(`update projection_checkpoints set position = $2, updated_at = now() where name = $1`, [name, last]);
        this.position = last;
      } else {
        this.position = checkpoint;
      }
      applied = events.length;
    });
    this.releaseWaiters();
    return applied;
  }

  private releaseWaiters(): void {
    for (const waiter of [...this.positionWaiters]) {
      if (waiter.position <= this.position) {
        this.positionWaiters.splice(this.positionWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  private async beat(): Promise<void> {
    this.lastBeat = Date.now();
    await this.options.dataSource.query(
      `insert into projector_heartbeats (name, beat_at) values ($1, now()) on conflict (name) do update set beat_at = now()`,
      [this.options.name],
    );
  }

  private async ensureOwnership(): Promise<boolean> {
    if (this.lockRunner) return true;
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    const rows: { owned: boolean }[] = await runner.query(`select pg_try_advisory_lock(hashtext($1)) as owned`, [
      `projector:${this.options.name}`,
    ]);
    if (rows[0]?.owned) {
      this.lockRunner = runner;
      // Said once per taking over, so an operator (and the scale-out test) sees which standby took over when.
      this.options.log?.(`projector ${this.options.name}: took ownership`);
      return true;
    }
    await runner.release();
    return false;
  }

  private async releaseOwnership(): Promise<void> {
    const runner = this.lockRunner;
    this.lockRunner = undefined;
    if (!runner) return;
    await runner.query(`select pg_advisory_unlock(hashtext($1))`, [`projector:${this.options.name}`]).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}

/**
 * Positions are gapless by construction, so a gap means something is badly wrong: the batch is
 * refused (its transaction rolls back, the checkpoint stays before the gap), and the projector's
 * loop logs it and tries again on its next round; it applies nothing past a gap, ever.
 */
export function assertContiguous(checkpoint: number, events: RecordedEvent[]): void {
  events.forEach((event, index) => {
    if (event.position !== checkpoint + index + 1) {
      throw new Error(`gap in the log: expected position ${checkpoint + index + 1}, read ${event.position}`);
    }
  });
}
