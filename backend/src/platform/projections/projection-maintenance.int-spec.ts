import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { ConsumerCheckpointEntity } from '../persistence/consumer-checkpoint.entity.js';
import { createReadModelDataSource } from '../persistence/read-model-datasource.js';
import { testEvent } from '../testing/event-factory.js';
import { StreamSummaryEntity, StreamSummaryProjector } from '../testing/stream-summary.test-projector.js';
import { ProjectionMaintenance } from './projection-maintenance.js';
import { ProjectionRunner } from './projection-runner.js';
import type { Projector } from './projector.js';
import { snapshotTables } from './table-snapshot.js';

describe('ProjectionMaintenance (AUD-4, SC-7: the rebuilds behind the CLI and POST /admin/projections/rebuild)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let live: DataSource;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gg-maint-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    live = createReadModelDataSource({ kind: 'sqlite', path: join(dir, 'read.sqlite') }, [ConsumerCheckpointEntity, StreamSummaryEntity]);
    await live.initialize();
  });
  afterEach(async () => {
    await live.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function appendMany(count: number) {
    let last = 0;
    for (let i = 0; i < count; i += 1) {
      last = (await store.append(`s-${i % 9}`, [testEvent(i % 4 === 3 ? 'Ignored' : 'Counted', { amount: i })], { expectedRevision: 'any' })).position;
    }
    return last;
  }
  const rows = () => live.transaction((manager: EntityManager) => snapshotTables(manager, [StreamSummaryEntity]));
  const setUp = (projectors: Projector[], batchSize = 1000) => {
    const projections = new ProjectionRunner(store, live, projectors, { batchSize, retryBaseMs: 1, maxAttempts: 2 });
    return { projections, maintenance: new ProjectionMaintenance(store, live, { projectors, projections }) };
  };

  it('SC-7: verify rebuilds into scratch tables and finds them equal to the live ones', async () => {
    const { projections, maintenance } = setUp([new StreamSummaryProjector()]);
    await appendMany(300);
    await projections.catchUp();
    const report = await maintenance.verify();
    expect(report).toEqual({ ok: true, results: [{ projector: 'test-stream-summary', position: 300, rows: 9, differences: [] }] });
  });

  it('SC-7: verify reports a live row that the log does not produce', async () => {
    const { projections, maintenance } = setUp([new StreamSummaryProjector()]);
    await appendMany(50);
    await projections.catchUp();
    await live.getRepository(StreamSummaryEntity).update({ stream: 's-2' }, { total: -7 });
    const report = await maintenance.verify('test-stream-summary');
    expect(report.ok).toBe(false);
    expect(report.results[0].differences).toEqual([
      { table: 'test_stream_summaries', onlyLive: [expect.stringContaining('"total":-7')], onlyRebuilt: [expect.stringContaining('"stream":"s-2"')] },
    ]);
  });

  it('AUD-4: without a running runner (the CLI), rebuild empties the tables and replays to the head before it resolves', async () => {
    const { projections, maintenance } = setUp([new StreamSummaryProjector()]);
    const head = await appendMany(120);
    await projections.catchUp();
    const before = await rows();
    await live.getRepository(StreamSummaryEntity).update({ stream: 's-1' }, { total: 999 });
    const started = await maintenance.rebuild();
    expect(started.rebuilding).toEqual(['test-stream-summary']);
    expect(started.projections[0]).toMatchObject({ name: 'test-stream-summary', position: head, lag: 0, state: 'stopped' });
    expect(await rows()).toEqual(before);
    expect(maintenance.inProgress).toBeNull();
  });

  it('AUD-4: with a running runner (the server), rebuild resolves at once and holds the lock until the projector is back at the head', async () => {
    const { projections, maintenance } = setUp([new StreamSummaryProjector()], 10);
    await projections.start();
    const head = await appendMany(600);
    await projections.waitFor(head, { timeoutMs: 10_000 });
    const before = await rows();

    const started = await maintenance.rebuild('test-stream-summary');
    expect(started.projections[0].state).toBe('running');
    expect(maintenance.inProgress).toBe('rebuild');
    await expect(maintenance.rebuild()).rejects.toMatchObject({ code: 'rebuild_in_progress' });
    await expect(maintenance.verify()).rejects.toMatchObject({ code: 'rebuild_in_progress' });

    await projections.waitFor(head, { timeoutMs: 10_000 });
    for (let i = 0; i < 100 && maintenance.inProgress; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(maintenance.inProgress).toBeNull();
    expect(await rows()).toEqual(before);
    const after = await appendMany(5);
    await projections.waitFor(after, { timeoutMs: 5000 });
    expect((await maintenance.verify()).ok).toBe(true);
    await projections.stop();
  });

  it('AUD-4: two operations at once: the second is refused with rebuild_in_progress (409), and the lock is released after', async () => {
    const { projections, maintenance } = setUp([new StreamSummaryProjector()]);
    await appendMany(30);
    await projections.catchUp();
    const first = maintenance.verify();
    await expect(maintenance.rebuild()).rejects.toMatchObject({ code: 'rebuild_in_progress' });
    expect((await first).ok).toBe(true);
    await expect(maintenance.rebuild()).resolves.toMatchObject({ rebuilding: ['test-stream-summary'] });
  });

  it('AUD-4: an unknown projection is projection_not_found, naming the known ones', async () => {
    const { maintenance } = setUp([new StreamSummaryProjector()]);
    expect(() => maintenance.select('nope')).toThrow(expect.objectContaining({ code: 'projection_not_found', userAction: 'Use one of: test-stream-summary.' }));
    await expect(maintenance.verify('nope')).rejects.toMatchObject({ code: 'projection_not_found' });
    expect(maintenance.inProgress).toBeNull();
  });

  it('AUD-4: rebuilding a parked projector on a live runner makes it follow the log again', async () => {
    let broken = true;
    const summary = new StreamSummaryProjector();
    const flaky: Projector = {
      name: summary.name,
      version: summary.version,
      handles: summary.handles,
      tables: summary.tables,
      apply: (events, manager) => (broken ? Promise.reject(new Error('boom')) : summary.apply(events, manager)),
    };
    const { projections, maintenance } = setUp([flaky]);
    await projections.start();
    const position = await appendMany(10);
    await expect(projections.waitFor(position, { timeoutMs: 3000 })).rejects.toMatchObject({ code: 'service_unavailable' });
    expect((await projections.status())[0].state).toBe('parked');

    broken = false;
    await maintenance.rebuild();
    const later = await appendMany(10);
    await projections.waitFor(later, { timeoutMs: 5000 });
    expect((await projections.status())[0]).toMatchObject({ state: 'running', lag: 0 });
    expect((await maintenance.verify()).ok).toBe(true);
    await projections.stop();
  });
});
