import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

const ROWS_PER_STATEMENT = 500;
/** SQLite allows 32,766 bound variables per statement; PostgreSQL 65,535. */
const MAX_VARIABLES = 30_000;
const statements = new WeakMap<EntityMetadata, Map<number, string>>();

/**
 * Multi-row `INSERT … ON CONFLICT (key) DO UPDATE` built once per entity and row count and then reused, so
 * the driver's statement cache hits. TypeORM's query builder regenerates (and re-parses) a statement with
 * thousands of named parameters per batch, which halved rebuild speed (bench/RESULTS.md). Values still go
 * through each column's transformer and the driver's own value preparation.
 */
export async function bulkUpsert<Row extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns;
  const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_VARIABLES / columns.length)));
  const driver = manager.connection.driver;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) {
      for (const column of columns) parameters.push(driver.preparePersistentValue(column.getEntityValue(row, true), column));
    }
    await manager.query(statementFor(manager, metadata, chunk.length), parameters);
  }
}

function statementFor(manager: EntityManager, metadata: EntityMetadata, rowCount: number): string {
  let byCount = statements.get(metadata);
  if (!byCount) statements.set(metadata, (byCount = new Map()));
  const cached = byCount.get(rowCount);
  if (cached) return cached;
  const driver = manager.connection.driver;
  const postgres = driver.options.type === 'postgres';
  const quote = (name: string) => driver.escape(name);
  const names = metadata.columns.map((column) => quote(column.databaseName));
  let index = 0;
  const tuple = () => `(${metadata.columns.map(() => (postgres ? `$${++index}` : '?')).join(', ')})`;
  const values = Array.from({ length: rowCount }, tuple).join(', ');
  const keys = metadata.primaryColumns.map((column) => quote(column.databaseName));
  const updates = metadata.columns.filter((column) => !column.isPrimary).map((column) => `${quote(column.databaseName)} = excluded.${quote(column.databaseName)}`);
  const sql =
    `INSERT INTO ${quote(metadata.tablePath)} (${names.join(', ')}) VALUES ${values} ` +
    `ON CONFLICT (${keys.join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  byCount.set(rowCount, sql);
  return sql;
}
