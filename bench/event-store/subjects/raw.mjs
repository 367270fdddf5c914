/**
 * The floor: better-sqlite3 with the same pragmas and an events/streams schema like ours, but none of our
 * layer (no hash chain, canonical JSON, idempotency lookup, TypeORM). Shows what our layer costs.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { nowMs } from '../../lib/stats.mjs';
import { TASK_STATUS_DDL, TASK_STATUS_UPSERT, rowChange, upsertParams } from '../workload.mjs';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  stream   TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type     TEXT NOT NULL,
  data     TEXT NOT NULL,
  metadata TEXT NOT NULL,
  UNIQUE (stream, revision)
);
CREATE TABLE IF NOT EXISTS streams (stream TEXT PRIMARY KEY, revision INTEGER NOT NULL) WITHOUT ROWID;`;

function openStore(dir, synchronous = 'FULL') {
  const db = new Database(join(dir, 'events.db'));
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`raw: journal_mode is ${mode}`);
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(SCHEMA);
  const head = db.prepare('SELECT revision FROM streams WHERE stream = ?');
  const insert = db.prepare('INSERT INTO events (event_id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const upsertHead = db.prepare('INSERT INTO streams (stream, revision) VALUES (?, ?) ON CONFLICT(stream) DO UPDATE SET revision = excluded.revision');
  const append = db.transaction((stream, events, expected) => {
    const current = head.get(stream)?.revision ?? -1;
    if (current !== expected) throw new Error(`raw: ${stream} is at ${current}, expected ${expected}`);
    let revision = current;
    let position = 0;
    for (const event of events) {
      revision += 1;
      position = Number(insert.run(event.id, stream, revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)).lastInsertRowid);
    }
    upsertHead.run(stream, revision);
    return { revision, position };
  });
  const read = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
  const readBatch = (after, limit) =>
    read.all(after, limit).map((row) => ({
      id: row.event_id,
      stream: row.stream,
      revision: row.revision,
      position: row.position,
      type: row.type,
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata),
    }));
  return { db, append: (stream, events, expected) => append.immediate(stream, events, expected), readBatch };
}

export async function createRaw() {
  return {
    name: 'raw',
    label: 'raw better-sqlite3',
    settings: 'events: WAL, synchronous=FULL, one connection, prepared statements, JSON.stringify; read model: separate file, WAL, synchronous=NORMAL, one upsert per event, 1,000 events per transaction',

    async single(dir, workload) {
      const store = openStore(dir);
      const revisions = new Map();
      const latencies = new Float64Array(workload.length);
      const started = nowMs();
      for (let i = 0; i < workload.length; i += 1) {
        const { stream, event } = workload[i];
        const t0 = nowMs();
        const result = store.append(stream, [event], revisions.get(stream) ?? -1);
        latencies[i] = nowMs() - t0;
        revisions.set(stream, result.revision);
      }
      const seconds = (nowMs() - started) / 1000;
      store.db.close();
      return { seconds, operations: workload.length, latencies };
    },

    async batched(dir, workload) {
      const store = openStore(dir);
      const revisions = new Map();
      let events = 0;
      const started = nowMs();
      for (const { stream, events: batch } of workload) {
        revisions.set(stream, store.append(stream, batch, revisions.get(stream) ?? -1).revision);
        events += batch.length;
      }
      const seconds = (nowMs() - started) / 1000;
      store.db.close();
      return { seconds, events };
    },

    async seed(dir, log) {
      const store = openStore(dir, 'NORMAL');
      const revisions = new Map();
      let count = 0;
      const chunk = [];
      const flush = store.db.transaction((items) => {
        for (const { stream, event } of items) revisions.set(stream, store.append(stream, [event], revisions.get(stream) ?? -1).revision);
      });
      for (const item of log) {
        chunk.push(item);
        count += 1;
        if (chunk.length === 1000) flush(chunk.splice(0));
      }
      if (chunk.length) flush(chunk.splice(0));
      store.db.close();
      return { dir, count, streams: revisions.size };
    },

    async readAll(log) {
      const store = openStore(log.dir);
      let events = 0;
      let after = 0;
      const started = nowMs();
      for (;;) {
        const batch = store.readBatch(after, 1000);
        if (batch.length === 0) break;
        events += batch.length;
        after = batch[batch.length - 1].position;
      }
      const seconds = (nowMs() - started) / 1000;
      store.db.close();
      return { seconds, events };
    },

    async rebuild(log, runDir) {
      const store = openStore(log.dir);
      const readModelPath = join(runDir, 'read-model.db');
      const rm = new Database(readModelPath);
      rm.pragma('journal_mode = WAL');
      rm.pragma('synchronous = NORMAL');
      rm.exec(TASK_STATUS_DDL);
      rm.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)');
      rm.prepare("INSERT INTO checkpoints VALUES ('bench-task-status', 0)").run();
      const upsert = rm.prepare(TASK_STATUS_UPSERT);
      const checkpoint = rm.prepare("UPDATE checkpoints SET position = ? WHERE name = 'bench-task-status'");
      const apply = rm.transaction((events, through) => {
        for (const event of events) upsert.run(...upsertParams(rowChange(event.stream, event.revision, event)));
        checkpoint.run(through);
      });
      let after = 0;
      const started = nowMs();
      for (;;) {
        const batch = store.readBatch(after, 1000);
        if (batch.length === 0) break;
        after = batch[batch.length - 1].position;
        apply(batch, after);
      }
      const seconds = (nowMs() - started) / 1000;
      rm.close();
      store.db.close();
      if (after !== log.count) throw new Error(`raw: rebuild stopped at ${after} of ${log.count}`);
      return { seconds, events: log.count, readModel: readModelPath };
    },
  };
}
