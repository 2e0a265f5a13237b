import { planStreamId, type PlanPublished } from '@ledger/domain';
import { nameBasedEventId, type EventStore } from '@ledger/event-store';
import { catalogDigest, type Catalog } from '@ledger/plan-catalog';

export interface PublishResult {
  planId: string;
  version: number;
  /** False when the stored latest version already has this content: nothing was written. */
  published: boolean;
}

/**
 * Publishes a catalogue as the next version of its plan's stream, unless the latest version
 * already has the same content. The event id is derived from the version and content, so two
 * processes importing the same file at once store it once.
 */
export async function publishPlan(store: EventStore, catalog: Catalog, actorId = 'system'): Promise<PublishResult> {
  const planId = catalog.plan.id;
  const streamId = planStreamId(planId);
  const contentHash = catalogDigest(catalog);
  const history = await store.readStream(streamId);
  const latest = history.at(-1);
  if (latest && (latest.data as PlanPublished).contentHash === contentHash) {
    return { planId, version: latest.version, published: false };
  }
  const version = history.length + 1;
  const data: PlanPublished = { planId, version, contentHash, plan: catalog.plan, units: catalog.units, taskForce: catalog.taskForce };
  const result = await store.append(streamId, history.length === 0 ? 'no_stream' : history.length, [
    {
      eventId: nameBasedEventId(`${streamId}/${version}/${contentHash}`),
      type: 'PlanPublished',
      data,
      metadata: { actorId, role: 'admin', unitId: null, correlationId: contentHash, causationId: null, workflowId: null, schemaVersion: 1 },
    },
  ]);
  return { planId, version, published: !result.duplicate };
}
