/**
 * Emmett's SQLite store (@event-driven-io/emmett-sqlite, on the `sqlite3` package) with its defaults: a
 * connection per operation, `PRAGMA journal_mode = WAL` sent without waiting, SQLite's default
 * synchronous (read back and reported), and its consumer (batches of 100, 50 ms between batches).
 *
 * Its unawaited PRAGMA races the first statements on each new connection; now and then an append fails
 * with SQLITE_BUSY "cannot commit transaction - SQL statements in progress" (and its consumer stops).
 * The transaction is rolled back, so we retry such an append (its latency includes the retry) and rerun
 * such a rebuild, and report how often it happened.
 */
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import {
  appendToStream,
  getSQLiteEventStore,
  readMessagesBatch,
  sqliteConnection,
  sqliteProjection,
} from '@event-driven-io/emmett-sqlite';
import { nowMs } from '../../lib/stats.mjs';
import { EVENT_TYPES, TASK_STATUS_DDL, TASK_STATUS_UPSERT, rowChange, upsertParams } from '../workload.mjs';

const toEmmett = (event) => ({ type: event.type, data: event.data, metadata: event.metadata });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isRace = (error) => error?.code === 'SQLITE_BUSY' || error?.code === 'SQLITE_LOCKED';

/** A plain sqlite3 connection whose statements we await (for setup and checks, never timed). */
function plain(fileName) {
  const db = new sqlite3.Database(fileName);
  const call = (method, sql, params = []) =>
    new Promise((resolve, reject) => db[method](sql, params, function done(error, row) {
      if (error) reject(error);
      else resolve(method === 'run' ? this : row);
    }));
  return {
    run: (sql, params) => call('run', sql, params),
    get: (sql, params) => call('get', sql, params),
    close: () => new Promise((resolve) => db.close(resolve)),
  };
}

/** Emmett console.logs every error it rethrows; keep the bench output readable. */
async function quiet(fn) {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

/** A long-lived Emmett connection, given time for its unawaited journal_mode pragma to finish. */
async function settledConnection(fileName) {
  const connection = sqliteConnection({ fileName });
  await sleep(100);
  return connection;
}

async function openStore(dir) {
  const fileName = join(dir, 'emmett.db');
  const store = getSQLiteEventStore({ fileName });
  for (let attempt = 1; ; attempt += 1) {
    try {
      await quiet(() => store.schema.migrate());
      return { store, fileName };
    } catch (error) {
      if (!isRace(error) || attempt >= 5) throw error;
    }
  }
}

let runCounter = 0;

/**
 * Emmett runs `db.run('PRAGMA journal_mode = WAL;')` without a callback. When its BEGIN IMMEDIATE gets
 * there first, SQLite answers "cannot change into wal mode from within a transaction", node-sqlite3 emits
 * that as an 'error' event nobody listens to, and the process dies. We give that one call a callback that
 * counts the error (the file is already in WAL mode, so nothing else changes); timing is unaffected.
 */
const pragmaFailures = { count: 0 };
const originalRun = sqlite3.Database.prototype.run;
sqlite3.Database.prototype.run = function run(sql, ...rest) {
  if (rest.length === 0 && typeof sql === 'string' && /^\s*PRAGMA\s+journal_mode/i.test(sql)) {
    return originalRun.call(this, sql, (error) => {
      if (error) pragmaFailures.count += 1;
    });
  }
  return originalRun.call(this, sql, ...rest);
};

export async function createEmmett({ defaultsLimit, tunedPulling }) {
  const races = { appends: 0, appendsAttempted: 0, rebuildsRerun: 0, pragmaFailures, checkpoints: [] };

  const taskStatusProjection = sqliteProjection({
    name: 'bench-task-status',
    canHandle: EVENT_TYPES,
    handle: async (events, { connection }) => {
      for (const event of events) {
        const revision = Number(event.metadata.streamPosition) - 1;
        await connection.command(TASK_STATUS_UPSERT, upsertParams(rowChange(event.metadata.streamName, revision, event)));
      }
    },
  });

  /** appendToStream, retried when its own connection race (not a concurrency conflict) failed it. */
  async function append(store, stream, events, expectedStreamVersion) {
    races.appendsAttempted += 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await store.appendToStream(stream, events, { expectedStreamVersion });
      } catch (error) {
        if (!isRace(error) || attempt >= 5) throw error;
        races.appends += 1;
      }
    }
  }

  async function rebuildOnce(log, pulling, limit) {
    const setup = plain(log.fileName);
    await setup.run('DROP TABLE IF EXISTS bench_task_status');
    await setup.run(TASK_STATUS_DDL);
    await setup.close();
    const store = getSQLiteEventStore({ fileName: log.fileName });
    const consumer = store.consumer(pulling ? { pulling } : undefined);
    const last = BigInt(limit);
    const processorId = `bench-task-status-${process.pid}-${(runCounter += 1)}`;
    consumer.processor({
      processorId,
      projection: taskStatusProjection,
      stopAfter: (message) => message.metadata.globalPosition >= last,
    });
    const started = nowMs();
    await consumer.start();
    const seconds = (nowMs() - started) / 1000;
    await consumer.close();
    const check = plain(log.fileName);
    const { e } = await check.get('SELECT COALESCE(SUM(events), 0) AS e FROM bench_task_status');
    const stored = await check.get('SELECT last_processed_checkpoint AS p FROM emt_processors WHERE processor_id = ?', [processorId]);
    await check.close();
    races.checkpoints.push({ pulling: pulling ?? 'defaults', processed: limit, stored: stored ? Number(stored.p) : null });
    return { seconds, events: limit, applied: e, readModel: log.fileName };
  }

  async function rebuildWith(log, pulling, limit) {
    for (let attempt = 1; ; attempt += 1) {
      const result = await quiet(() => rebuildOnce(log, pulling, limit));
      if (result.applied === limit || attempt >= 3) return result;
      races.rebuildsRerun += 1;
    }
  }

  return {
    name: 'emmett',
    label: 'Emmett 0.42 SQLite',
    races,
    async describeSettings(dir) {
      const { fileName } = await openStore(dir);
      const db = plain(fileName);
      const journal = await db.get('PRAGMA journal_mode');
      const synchronous = await db.get('PRAGMA synchronous');
      const version = await db.get('SELECT sqlite_version() AS v');
      await db.close();
      const names = { 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' };
      return {
        sqliteVersion: version.v,
        text:
          `defaults: journal_mode=${journal.journal_mode} (set on every new connection, not awaited), synchronous=${names[synchronous.synchronous]} ` +
          '(SQLite default, read back), a new sqlite3 connection per operation (its pool is only a singleton for :memory:); ' +
          'consumer: batches of 100, 50 ms sleep after every batch (100 ms after the first), checkpoint row updated per event; read model in the same file',
      };
    },

    async single(dir, workload) {
      const { store } = await openStore(dir);
      const versions = new Map();
      const latencies = new Float64Array(workload.length);
      const started = nowMs();
      await quiet(async () => {
        for (let i = 0; i < workload.length; i += 1) {
          const { stream, event } = workload[i];
          const t0 = nowMs();
          const result = await append(store, stream, [toEmmett(event)], versions.get(stream) ?? 0n);
          latencies[i] = nowMs() - t0;
          versions.set(stream, result.nextExpectedStreamVersion);
        }
      });
      const seconds = (nowMs() - started) / 1000;
      return { seconds, operations: workload.length, latencies };
    },

    async batched(dir, workload) {
      const { store } = await openStore(dir);
      const versions = new Map();
      let events = 0;
      const started = nowMs();
      await quiet(async () => {
        for (const { stream, events: batch } of workload) {
          const result = await append(store, stream, batch.map(toEmmett), versions.get(stream) ?? 0n);
          versions.set(stream, result.nextExpectedStreamVersion);
          events += batch.length;
        }
      });
      const seconds = (nowMs() - started) / 1000;
      return { seconds, events };
    },

    /** Seeds through Emmett's own appendToStream, 1,000 appends per transaction on one connection. */
    async seed(dir, log) {
      const { fileName } = await openStore(dir);
      const connection = await settledConnection(fileName);
      const versions = new Map();
      let count = 0;
      let chunk = [];
      const flush = (items) =>
        connection.withTransaction(async () => {
          for (const { stream, event } of items) {
            const result = await appendToStream(connection, stream, 'task', [toEmmett(event)], { expectedStreamVersion: versions.get(stream) ?? 0n });
            if (!result.success) throw new Error(`emmett: seeding ${stream} failed`);
            versions.set(stream, result.nextStreamPosition);
          }
        });
      for (const item of log) {
        chunk.push(item);
        count += 1;
        if (chunk.length === 1000) {
          await flush(chunk);
          chunk = [];
        }
      }
      if (chunk.length) await flush(chunk);
      connection.close();
      return { dir, fileName, count, streams: versions.size };
    },

    /** Emmett has no public read-all; this is the function its consumer pulls with, on one long-lived connection. */
    async readAll(log) {
      const connection = await settledConnection(log.fileName);
      let events = 0;
      let after = 0n;
      const started = nowMs();
      for (;;) {
        const batch = await readMessagesBatch(connection, { after, batchSize: 1000 });
        if (batch.messages.length === 0) break;
        events += batch.messages.length;
        after = batch.currentGlobalPosition;
      }
      const seconds = (nowMs() - started) / 1000;
      connection.close();
      return { seconds, events };
    },

    /** Its consumer with default pulling, over the first `defaultsLimit` events (sleep-bound, so not the whole log). */
    rebuild: (log, _runDir, options = {}) => rebuildWith(log, undefined, Math.min(log.count, options.limit ?? defaultsLimit)),

    /** Its consumer with the sleeps made short (batch 1,000, 0 ms pulling frequency): its processing cost. */
    rebuildTuned: (log, _runDir, options = {}) => rebuildWith(log, tunedPulling, Math.min(log.count, options.limit ?? log.count)),
  };
}
