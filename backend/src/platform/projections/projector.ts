import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { RecordedEvent } from '../event-store/event-store.port.js';

/**
 * A read model's builder. It declares its name, version and the event types it handles; the runner hands
 * it batches in global order inside one transaction that also moves its checkpoint (exactly-once effect).
 * A changed projection gets a new version: the runner then empties `tables` and rebuilds from position 0.
 * Rows must depend on events only (time from event metadata, never the wall clock), so a rebuild
 * reproduces the live tables exactly.
 */
export interface Projector {
  readonly name: string;
  readonly version: number;
  readonly handles: readonly string[];
  /** The entities whose tables this projector owns (emptied on rebuild, compared by rebuild --verify). */
  readonly tables: readonly EntityTarget<ObjectLiteral>[];
  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
  /** Called after the batch's transaction committed (e.g. to wake live listeners); never for rebuilds. */
  afterCommit?(events: readonly RecordedEvent[]): void;
}

export const PROJECTORS = Symbol('PROJECTORS');

/** Splits rows for multi-row statements (SQLite allows 32,766 bound variables per statement). */
export function chunk<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
