/**
 * Our layer: SqliteEventStore (synchronous=FULL, its default) and ProjectionRunner.catchUp() with an
 * applyKeyed projector into a fresh read model made by createReadModelDataSource (WAL, synchronous=NORMAL).
 */
import { join } from 'node:path';
import { EntitySchema } from 'typeorm';
import { nowMs } from '../../lib/stats.mjs';
import { EVENT_TYPES, rowChange } from '../workload.mjs';

/** A task-status row per stream, the shape of StreamSummaryProjector (decorators need TS, so an EntitySchema). */
export const TaskStatus = new EntitySchema({
  name: 'BenchTaskStatus',
  tableName: 'bench_task_status',
  columns: {
    taskId: { type: 'varchar', length: 200, primary: true },
    status: { type: 'varchar', length: 20 },
    model: { type: 'varchar', length: 100, nullable: true },
    progress: { type: 'integer' },
    revision: { type: 'integer' },
    updatedAt: { type: 'varchar', length: 40 },
    events: { type: 'integer' },
  },
});

/** The row after the event; unchanged (same object) for an event the row has already seen. */
export function evolveTaskStatus(row, event) {
  if (row && event.revision <= row.revision) return row;
  const change = rowChange(event.stream, event.revision, event);
  return { ...change, model: change.model ?? row?.model ?? null, events: (row?.events ?? 0) + 1 };
}

export async function createOurs(build) {
  const { SqliteEventStore } = await import(`${build}/backend/src/platform/event-store/sqlite-event-store.js`);
  const { ProjectionRunner } = await import(`${build}/backend/src/platform/projections/projection-runner.js`);
  const { applyKeyed } = await import(`${build}/backend/src/platform/projections/keyed-projection.js`);
  const { createReadModelDataSource } = await import(`${build}/backend/src/platform/persistence/read-model-datasource.js`);
  const { ConsumerCheckpointEntity } = await import(`${build}/backend/src/platform/persistence/consumer-checkpoint.entity.js`);

  const projector = {
    name: 'bench-task-status',
    version: 1,
    handles: EVENT_TYPES,
    tables: [TaskStatus],
    apply(events, manager) {
      return applyKeyed(manager, {
        entity: TaskStatus,
        keyProperty: 'taskId',
        keyOf: (event) => event.stream,
        evolve: evolveTaskStatus,
      }, events);
    },
  };

  const open = (dir, synchronous = 'FULL') => new SqliteEventStore({ filename: join(dir, 'events.db'), synchronous });

  return {
    name: 'ours',
    label: 'ours (SqliteEventStore + ProjectionRunner)',
    settings: 'events: WAL, synchronous=FULL (read back at open), one long-lived connection; read model: TypeORM better-sqlite3, WAL, synchronous=NORMAL',

    async single(dir, workload) {
      const store = open(dir);
      const revisions = new Map();
      const latencies = new Float64Array(workload.length);
      const started = nowMs();
      for (let i = 0; i < workload.length; i += 1) {
        const { stream, event } = workload[i];
        const current = revisions.get(stream) ?? -1;
        const t0 = nowMs();
        const result = await store.append(stream, [event], { expectedRevision: current === -1 ? 'no_stream' : current });
        latencies[i] = nowMs() - t0;
        revisions.set(stream, result.nextExpectedRevision);
      }
      const seconds = (nowMs() - started) / 1000;
      await store.close();
      return { seconds, operations: workload.length, latencies };
    },

    async batched(dir, workload) {
      const store = open(dir);
      const revisions = new Map();
      let events = 0;
      const started = nowMs();
      for (const { stream, events: batch } of workload) {
        const current = revisions.get(stream) ?? -1;
        const result = await store.append(stream, batch, { expectedRevision: current === -1 ? 'no_stream' : current });
        revisions.set(stream, result.nextExpectedRevision);
        events += batch.length;
      }
      const seconds = (nowMs() - started) / 1000;
      await store.close();
      return { seconds, events };
    },

    /** Seeds through the real append path, one event per append; synchronous=NORMAL only to seed faster. */
    async seed(dir, log) {
      const store = open(dir, 'NORMAL');
      const revisions = new Map();
      let count = 0;
      for (const { stream, event } of log) {
        const current = revisions.get(stream) ?? -1;
        const result = await store.append(stream, [event], { expectedRevision: current === -1 ? 'no_stream' : current });
        revisions.set(stream, result.nextExpectedRevision);
        count += 1;
      }
      await store.close();
      return { dir, count, streams: revisions.size };
    },

    async readAll(log) {
      const store = open(log.dir);
      let events = 0;
      let after = 0;
      const started = nowMs();
      for (;;) {
        const batch = await store.readAll({ after, maxCount: 1000 });
        if (batch.length === 0) break;
        events += batch.length;
        after = batch[batch.length - 1].position;
      }
      const seconds = (nowMs() - started) / 1000;
      await store.close();
      return { seconds, events };
    },

    async rebuild(log, runDir) {
      const store = open(log.dir);
      const readModelPath = join(runDir, 'read-model.db');
      const dataSource = createReadModelDataSource({ kind: 'sqlite', path: readModelPath }, [ConsumerCheckpointEntity, TaskStatus]);
      await dataSource.initialize();
      const runner = new ProjectionRunner(store, dataSource, [projector]);
      const started = nowMs();
      await runner.catchUp();
      const seconds = (nowMs() - started) / 1000;
      const [status] = await runner.status();
      const [stored] = await dataSource.query('SELECT position FROM consumer_checkpoints WHERE name = ?', [projector.name]);
      await dataSource.destroy();
      await store.close();
      if (status.position !== log.count) throw new Error(`ours: rebuild stopped at ${status.position} of ${log.count}`);
      if (Number(stored?.position) !== log.count) throw new Error(`ours: stored checkpoint is ${stored?.position}, ${log.count} events were applied`);
      return { seconds, events: log.count, readModel: readModelPath };
    },
  };
}
