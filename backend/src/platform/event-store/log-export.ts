import type { EventStore, EventStoreTraits, RecordedEvent } from './event-store.port.js';

/** One NDJSON line per event: the recorded event as stored, hashes included, so an export can be verified elsewhere. */
export function ndjsonLine(event: RecordedEvent): string {
  return JSON.stringify(event);
}

export interface ExportPage {
  /** Events with a position in (after, through] belong to the page. */
  after: number;
  through: number;
  /** More events existed past `through` when the page was planned. */
  more: boolean;
}

/**
 * Fixes a page of at most `limit` events after `after` before any of it is sent, so the cursor of the next
 * page can go into a response header and events appended meanwhile fall into a later page, never into two.
 * With contiguous positions (SQLite) this is arithmetic; a sparse log (EventStoreDB) is scanned once.
 */
export async function planExportPage(store: EventStore, traits: EventStoreTraits, after: number, limit: number): Promise<ExportPage> {
  if (traits.contiguousPositions) {
    const head = await store.headPosition();
    const through = Math.max(after, Math.min(after + limit, head));
    return { after, through, more: through < head };
  }
  let through = after;
  let counted = 0;
  while (counted < limit) {
    const batch = await store.readAll({ after: through, maxCount: Math.min(2000, limit - counted) });
    if (batch.length === 0) return { after, through, more: false };
    counted += batch.length;
    through = batch[batch.length - 1].position;
  }
  const next = await store.readAll({ after: through, maxCount: 1 });
  return { after, through, more: next.length > 0 };
}

/** The events of the log in position order: after `after`, through `through` when given (else to the head). */
export async function* exportLog(
  store: EventStore,
  options: { after: number; through?: number; batchSize?: number },
): AsyncGenerator<RecordedEvent[]> {
  const through = options.through ?? Number.POSITIVE_INFINITY;
  let after = options.after;
  while (after < through) {
    const batch = await store.readAll({ after, maxCount: options.batchSize ?? 2000 });
    const inPage = batch.filter((event) => event.position <= through);
    if (inPage.length > 0) yield inPage;
    if (inPage.length < batch.length || batch.length === 0) return;
    after = batch[batch.length - 1].position;
  }
}
