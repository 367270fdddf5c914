/**
 * Experiment behind the rebuild finding in bench/RESULTS.md (not part of `npm run bench`):
 * the same ProjectionRunner.catchUp() over the same 100,000-event log, with the same fold, writing the
 * read model four ways, to show where the rebuild time goes.
 *
 *   applyKeyed     the product path: findBy(In) + Repository.upsert (TypeORM InsertQueryBuilder)
 *   upsert100      the same with Repository.upsert in chunks of 100 rows (does chunk size matter?)
 *   multiRowQuery  findBy(In) + one multi-row INSERT … ON CONFLICT text per chunk size via manager.query
 *                  (TypeORM's better-sqlite3 driver caches the prepared statement by SQL text)
 *   plainQuery     the reads as plain SQL too
 *
 * Run: node --expose-gc bench/event-store/experiments/rebuild-write-paths.mjs [rounds]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { In } from 'typeorm';
import { buildOurs } from '../build.mjs';
import { EVENT_TYPES, rebuildLog } from '../workload.mjs';
import { TaskStatus, evolveTaskStatus } from '../subjects/ours.mjs';
import { collectGarbage, median } from '../../lib/stats.mjs';

const build = buildOurs((message) => process.stderr.write(`${message}\n`));
const { SqliteEventStore } = await import(`${build}/backend/src/platform/event-store/sqlite-event-store.js`);
const { ProjectionRunner } = await import(`${build}/backend/src/platform/projections/projection-runner.js`);
const { applyKeyed } = await import(`${build}/backend/src/platform/projections/keyed-projection.js`);
const { createReadModelDataSource } = await import(`${build}/backend/src/platform/persistence/read-model-datasource.js`);
const { ConsumerCheckpointEntity } = await import(`${build}/backend/src/platform/persistence/consumer-checkpoint.entity.js`);

const COLUMNS = ['taskId', 'status', 'model', 'progress', 'revision', 'updatedAt', 'events'];
const sqlBySize = new Map();
function upsertSql(rows) {
  let sql = sqlBySize.get(rows);
  if (!sql) {
    const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
    sql =
      `INSERT INTO "bench_task_status" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')} ` +
      `ON CONFLICT ("taskId") DO UPDATE SET ${COLUMNS.slice(1).map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;
    sqlBySize.set(rows, sql);
  }
  return sql;
}

/** applyKeyed's algorithm: read the touched rows once, fold in memory, return the changed rows. */
async function fold(events, read) {
  const keys = [...new Set(events.map((event) => event.stream))];
  const rows = new Map();
  for (let i = 0; i < keys.length; i += 500) for (const row of await read(keys.slice(i, i + 500))) rows.set(row.taskId, row);
  const touched = new Set();
  for (const event of events) {
    const before = rows.get(event.stream);
    const after = evolveTaskStatus(before, event);
    if (after !== before) {
      rows.set(event.stream, after);
      touched.add(event.stream);
    }
  }
  return [...touched].map((key) => rows.get(key));
}

async function writeMultiRow(manager, rows) {
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await manager.query(upsertSql(part.length), part.flatMap((row) => COLUMNS.map((column) => row[column])));
  }
}

const variants = {
  applyKeyed: (manager, events) => applyKeyed(manager, { entity: TaskStatus, keyProperty: 'taskId', keyOf: (e) => e.stream, evolve: evolveTaskStatus }, events),
  upsert100: async (manager, events) => {
    const repository = manager.getRepository(TaskStatus);
    const rows = await fold(events, (keys) => repository.findBy({ taskId: In(keys) }));
    for (let i = 0; i < rows.length; i += 100) await repository.upsert(rows.slice(i, i + 100), ['taskId']);
  },
  multiRowQuery: async (manager, events) => {
    const repository = manager.getRepository(TaskStatus);
    await writeMultiRow(manager, await fold(events, (keys) => repository.findBy({ taskId: In(keys) })));
  },
  plainQuery: async (manager, events) => {
    const read = (keys) => manager.query(`SELECT * FROM "bench_task_status" WHERE "taskId" IN (${keys.map(() => '?').join(', ')})`, keys);
    await writeMultiRow(manager, await fold(events, read));
  },
};

const rounds = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(os.tmpdir(), 'gg-bench-rebuild-paths-'));
try {
  const seedStore = new SqliteEventStore({ filename: join(dir, 'events.db'), synchronous: 'NORMAL' });
  const revisions = new Map();
  let count = 0;
  for (const { stream, event } of rebuildLog(10_000)) {
    const current = revisions.get(stream) ?? -1;
    const result = await seedStore.append(stream, [event], { expectedRevision: current === -1 ? 'no_stream' : current });
    revisions.set(stream, result.nextExpectedRevision);
    count += 1;
  }
  await seedStore.close();

  const rates = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, apply] of Object.entries(variants)) {
      const store = new SqliteEventStore({ filename: join(dir, 'events.db') });
      const dataSource = createReadModelDataSource({ kind: 'sqlite', path: join(dir, `rm-${name}-${round}.db`) }, [ConsumerCheckpointEntity, TaskStatus]);
      await dataSource.initialize();
      const projector = { name: 'bench-task-status', version: 1, handles: EVENT_TYPES, tables: [TaskStatus], apply: (events, manager) => apply(manager, events) };
      const runner = new ProjectionRunner(store, dataSource, [projector]);
      const started = performance.now();
      await runner.catchUp();
      const rate = count / ((performance.now() - started) / 1000);
      const [{ n, e }] = await dataSource.query('SELECT COUNT(*) AS n, SUM(events) AS e FROM bench_task_status');
      if (n !== revisions.size || e !== count) throw new Error(`${name}: ${n} rows, ${e} events`);
      rates[name].push(rate);
      console.log(`round ${round + 1} ${name.padEnd(14)} ${Math.round(rate).toLocaleString('en-US')} events/s`);
      await dataSource.destroy();
      await store.close();
      collectGarbage();
    }
  }
  console.log('\nmedian events/s:');
  for (const [name, values] of Object.entries(rates)) console.log(`  ${name.padEnd(14)} ${Math.round(median(values)).toLocaleString('en-US')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
