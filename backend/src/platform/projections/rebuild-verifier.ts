import type { DataSource } from 'typeorm';
import type { EventStore } from '../event-store/event-store.port.js';
import { ConsumerCheckpointEntity } from '../persistence/consumer-checkpoint.entity.js';
import type { Projector } from './projector.js';
import { diffSnapshots, snapshotTables, type TableDifference } from './table-snapshot.js';

export interface RebuildVerification {
  projector: string;
  position: number;
  rows: number;
  differences: TableDifference[];
}

/**
 * Rebuilds each projector from position 0 into a scratch database, up to the position its live checkpoint
 * had when the live tables were read (in one read transaction, so the snapshot is consistent), and diffs
 * the two. Any difference means a projector depends on something other than the log (SC-7).
 */
export async function verifyRebuild(
  store: EventStore,
  live: DataSource,
  scratch: DataSource,
  projectors: readonly Projector[],
  batchSize = 1000,
): Promise<RebuildVerification[]> {
  const results: RebuildVerification[] = [];
  for (const projector of projectors) {
    const { position, snapshot } = await live.transaction(async (manager) => {
      const checkpoint = await manager.findOneBy(ConsumerCheckpointEntity, { name: projector.name });
      return { position: checkpoint?.position ?? 0, snapshot: await snapshotTables(manager, projector.tables) };
    });
    await scratch.transaction(async (manager) => {
      for (const table of projector.tables) await manager.clear(table);
    });
    let after = 0;
    while (after < position) {
      const batch = await store.readBatch({ after, maxCount: batchSize, types: projector.handles });
      const events = batch.events.filter((event) => event.position <= position);
      if (events.length > 0) await scratch.transaction((manager) => projector.apply(events, manager));
      if (batch.through <= after) break;
      after = Math.min(batch.through, position);
    }
    const rebuilt = await scratch.transaction((manager) => snapshotTables(manager, projector.tables));
    results.push({
      projector: projector.name,
      position,
      rows: Object.values(snapshot).reduce((sum, rows) => sum + rows.length, 0),
      differences: diffSnapshots(snapshot, rebuilt),
    });
  }
  return results;
}
