import { planStreamId, type PlanEvent, type PlanPublished } from '@ledger/domain';
import { nameBasedEventId, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { catalogDigest, type Catalog } from '@ledger/plan-catalog';

export interface PublishResult {
  planId: string;
  version: number;
  /** False when the stored latest version already has this content: nothing was written. */
  published: boolean;
}

/** The latest published version of a plan, as stored; undefined when it was never published. */
export async function latestPublishedPlan(store: EventStore, planId: string): Promise<RecordedEvent<PlanEvent> | undefined> {
  const [latest] = await store.readStream<PlanEvent>(planStreamId(planId), { direction: 'backward', limit: 1 });
  return latest;
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
  const latest = await latestPublishedPlan(store, planId);
  if (latest && latest.data.contentHash === contentHash) {
    return { planId, version: latest.version, published: false };
  }
  const version = (latest?.version ?? 0) + 1;
  const data: PlanPublished = { planId, version, contentHash, plan: catalog.plan, units: catalog.units, taskForce: catalog.taskForce };
  const result = await store.append(streamId, latest ? latest.version : 'no_stream', [
    {
      eventId: nameBasedEventId(`${streamId}/${version}/${contentHash}`),
      type: 'PlanPublished',
      data,
      metadata: { actorId, role: 'admin', unitId: null, correlationId: contentHash, causationId: null, workflowId: null, schemaVersion: 1 },
    },
  ]);
  return { planId, version, published: !result.duplicate };
}
