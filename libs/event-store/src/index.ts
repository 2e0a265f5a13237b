export * from './port';
export { canonicalJson } from '@ledger/canonical-json';
export { chainHash, payloadHash, GENESIS_HASH } from './hash-chain';
export { nameBasedEventId } from './event-id';
export { PostgresEventStore, EVENTS_CHANNEL } from './postgres/postgres-event-store';
export { EventNotifier } from './postgres/event-notifier';
