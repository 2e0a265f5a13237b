import type { DataSource } from 'typeorm';
import { EventNotifier, type EventStore } from '@ledger/event-store';
import { Projector, SUPERVISION_PROJECTIONS } from '@ledger/read-models';

/** The supervision projector over one database, woken by appends, polling every second. */
export function createSupervisionProjector(databaseUrl: string, dataSource: DataSource, store: EventStore, log?: (m: string) => void): Projector {
  return new Projector({
    name: 'supervision',
    dataSource,
    store,
    notifier: new EventNotifier(databaseUrl),
    projections: SUPERVISION_PROJECTIONS,
    log,
  });
}
