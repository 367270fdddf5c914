import type { AppConfig } from '../config/app-config.js';
import type { EventStore } from './event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.js';

/** Picks the adapter from configuration: embedded SQLite, or EventStoreDB when EVENTSTORE_URL is set. */
export async function createEventStore(config: AppConfig['eventStore']): Promise<{ store: EventStore; contiguousPositions: boolean }> {
  if (config.kind === 'sqlite') {
    return { store: new SqliteEventStore({ filename: config.path, synchronous: config.synchronous }), contiguousPositions: true };
  }
  const { EventStoreDbEventStore } = await import('./eventstoredb-event-store.js');
  return { store: await EventStoreDbEventStore.connect(config.url), contiguousPositions: false };
}
