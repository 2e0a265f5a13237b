import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { migrate as migrateOn, type Migration } from '@ledger/postgres';
import type { DataSource } from 'typeorm';
import type { Attachments } from '@ledger/attachments';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';

/**
 * What the API runs on, created outside Nest (by the launcher or apps/api/src/main.ts) and
 * handed in whole; the class itself is the injection token.
 */
export class LedgerRuntime {
  /** Set when the API begins to stop: readiness answers 503 so a balancer sends new work elsewhere. */
  readonly lifecycle = { stopping: false };

  constructor(
    readonly config: LedgerConfig,
    readonly pool: Pool,
    readonly dataSource: DataSource,
    readonly store: EventStore,
    readonly temporal: Client,
    readonly attachments: Attachments,
    /** Applies migrations as the schema owner (Storage.migrate); without it, on `pool`. */
    readonly migrate: (component: string, migrations: readonly Migration[]) => Promise<number[]> = (component, migrations) =>
      migrateOn(pool, component, migrations),
  ) {}
}
