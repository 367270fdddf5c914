import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { canonicalJson } from '../event-store/hash-chain.js';

export type TableSnapshot = Record<string, string[]>;

/**
 * Every row of the given tables as canonical JSON, ordered by primary key, read through the entities (so
 * column transformers apply and SQLite and PostgreSQL rows compare equal).
 */
export async function snapshotTables(manager: EntityManager, tables: readonly EntityTarget<ObjectLiteral>[]): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = {};
  for (const table of tables) {
    const metadata = manager.connection.getMetadata(table);
    const order = Object.fromEntries(metadata.primaryColumns.map((column) => [column.propertyName, 'ASC' as const]));
    const rows = await manager.getRepository(table).find({ order });
    snapshot[metadata.tableName] = rows.map((row) => canonicalJson(normalize(row)));
  }
  return snapshot;
}

export interface TableDifference {
  table: string;
  onlyLive: string[];
  onlyRebuilt: string[];
}

export function diffSnapshots(live: TableSnapshot, rebuilt: TableSnapshot, sampleSize = 5): TableDifference[] {
  const differences: TableDifference[] = [];
  for (const table of new Set([...Object.keys(live), ...Object.keys(rebuilt)])) {
    const liveRows = new Set(live[table] ?? []);
    const rebuiltRows = new Set(rebuilt[table] ?? []);
    const onlyLive = [...liveRows].filter((row) => !rebuiltRows.has(row));
    const onlyRebuilt = [...rebuiltRows].filter((row) => !liveRows.has(row));
    if (onlyLive.length || onlyRebuilt.length || (live[table]?.length ?? 0) !== (rebuilt[table]?.length ?? 0)) {
      differences.push({ table, onlyLive: onlyLive.slice(0, sampleSize), onlyRebuilt: onlyRebuilt.slice(0, sampleSize) });
    }
  }
  return differences;
}

function normalize(row: ObjectLiteral): unknown {
  return JSON.parse(JSON.stringify(row, (_key, value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? Number(value) : value)));
}
