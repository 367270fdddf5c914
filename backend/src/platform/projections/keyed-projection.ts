import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { bulkUpsert } from './bulk-upsert.js';
import { chunk } from './projector.js';

export interface KeyedProjection<Row extends ObjectLiteral> {
  entity: EntityTarget<Row>;
  /** The primary-key property of the row. */
  keyProperty: keyof Row & string;
  /** Which row an event touches (null: none). */
  keyOf(event: RecordedEvent): string | null;
  /**
   * The row after the event, or null to delete it. Must be pure and idempotent: an event the row has
   * already seen (keep the stream revision or position on the row) must return the row unchanged.
   */
  evolve(row: Row | undefined, event: RecordedEvent): Row | null;
}

/**
 * Applies a batch the fast way: one read of the rows it touches, the fold in memory, then multi-row
 * upserts and one delete. Many events for one row cost one write.
 */
export async function applyKeyed<Row extends ObjectLiteral>(
  manager: EntityManager,
  projection: KeyedProjection<Row>,
  events: readonly RecordedEvent[],
): Promise<void> {
  const keys = [...new Set(events.map((event) => projection.keyOf(event)).filter((key): key is string => key !== null))];
  if (keys.length === 0) return;
  const repository = manager.getRepository(projection.entity);
  const rows = new Map<string, Row | null>();
  for (const part of chunk(keys, 500)) {
    const found = await repository.findBy({ [projection.keyProperty]: In(part) } as never);
    for (const row of found) rows.set(String(row[projection.keyProperty]), row);
  }
  const touched = new Set<string>();
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key === null) continue;
    const before = rows.get(key) ?? undefined;
    const after = projection.evolve(before, event);
    if (after !== before) {
      rows.set(key, after);
      touched.add(key);
    }
  }
  const upserts: Row[] = [];
  const deletes: string[] = [];
  for (const key of touched) {
    const row = rows.get(key);
    if (row) upserts.push(row);
    else deletes.push(key);
  }
  await bulkUpsert(manager, projection.entity, upserts);
  for (const part of chunk(deletes, 500)) {
    await repository.delete({ [projection.keyProperty]: In(part) } as never);
  }
}
