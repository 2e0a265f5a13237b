import type { DataSource } from 'typeorm';
import { EventNotifier, type EventStore } from '@ledger/event-store';
import {
  Projector,
  rebuildReadModels,
  SUPERVISION_PROJECTIONS,
  verifyReadModels,
  type RebuildResult,
  type VerifyResult,
} from '@ledger/read-models';

/** The checkpoint (and ownership lock) of the supervision projector. */
export const SUPERVISION_CHECKPOINT = 'supervision';

/** The supervision projector over one database, woken by appends, polling every second. */
export function createSupervisionProjector(
  databaseUrl: string,
  dataSource: DataSource,
  store: EventStore,
  log?: (m: string) => void,
): Projector {
  return new Projector({
    name: SUPERVISION_CHECKPOINT,
    dataSource,
    store,
    notifier: new EventNotifier(databaseUrl),
    projections: SUPERVISION_PROJECTIONS,
    log,
  });
}

/** Blue-green rebuild of the supervision read models (all, or the named projections). */
export function rebuildSupervision(
  dataSource: DataSource,
  store: EventStore,
  names: readonly string[] = [],
  log?: (m: string) => void,
): Promise<RebuildResult> {
  return rebuildReadModels({ dataSource, store, checkpointName: SUPERVISION_CHECKPOINT, projections: SUPERVISION_PROJECTIONS, names, log });
}

/** Rebuilds the supervision read models into a shadow and compares them with the live tables. */
export function verifySupervision(dataSource: DataSource, store: EventStore, log?: (m: string) => void): Promise<VerifyResult> {
  return verifyReadModels({ dataSource, store, checkpointName: SUPERVISION_CHECKPOINT, projections: SUPERVISION_PROJECTIONS, log });
}
