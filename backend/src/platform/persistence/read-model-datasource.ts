import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { serializeSqliteAccess } from './sqlite-serializer.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type Entities = MixedList<Function | string | EntitySchema>;

/**
 * The read-model database: SQLite under DATA_DIR by default, PostgreSQL when READ_MODEL_URL is set. Read
 * models are rebuildable from the log, so their schema is synchronised from the entities; a changed
 * projection bumps its version and is rebuilt, never migrated in place.
 */
export function readModelOptions(readModel: AppConfig['readModel'], entities: Entities): DataSourceOptions {
  if (readModel.kind === 'postgres') {
    return { type: 'postgres', url: readModel.url, entities, synchronize: true, logging: false };
  }
  if (readModel.path !== ':memory:') mkdirSync(dirname(readModel.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: readModel.path,
    entities,
    synchronize: true,
    logging: false,
    enableWAL: readModel.path !== ':memory:',
    // Rebuildable from the log, so durability can trade for speed; the event store keeps synchronous=FULL.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
    },
  };
}

export function createReadModelDataSource(readModel: AppConfig['readModel'], entities: Entities): DataSource {
  const dataSource = new DataSource(readModelOptions(readModel, entities));
  return readModel.kind === 'sqlite' ? serializeSqliteAccess(dataSource) : dataSource;
}
