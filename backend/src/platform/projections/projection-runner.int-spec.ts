import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { ConsumerCheckpointEntity } from '../persistence/consumer-checkpoint.entity.js';
import { createReadModelDataSource } from '../persistence/read-model-datasource.js';
import { StreamSummaryEntity, StreamSummaryProjector } from '../testing/stream-summary.test-projector.js';
import { testEvent } from '../testing/event-factory.js';
import { ProjectionRunner } from './projection-runner.js';
import { verifyRebuild } from './rebuild-verifier.js';
import { snapshotTables } from './table-snapshot.js';
import type { Projector } from './projector.js';
import { createScratchDatabase } from '../testing/postgres-database.js';
import { serviceUrl } from '../testing/service-requirements.js';

const postgres = serviceUrl('postgres', 'TEST_POSTGRES_URL');
const backends: ('sqlite' | 'postgres')[] = postgres.url ? ['sqlite', 'postgres'] : ['sqlite'];
if (!postgres.url && postgres.required) {
  it('needs PostgreSQL (REQUIRE_SERVICES lists postgres)', () => {
    throw new Error('REQUIRE_SERVICES lists postgres but TEST_POSTGRES_URL is unset');
  });
}

describe.each(backends)('ProjectionRunner with %s read models', (backend) => {
  let dir: string;
  let store: SqliteEventStore;
  let live: DataSource;
  const scratchDatabases: { drop(): Promise<void> }[] = [];
  const opened: DataSource[] = [];

  const entities = [ConsumerCheckpointEntity, StreamSummaryEntity];
  const openDataSource = async (name: string) => {
    let readModel: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string } = { kind: 'sqlite', path: join(dir, name) };
    if (backend === 'postgres') {
      const database = await createScratchDatabase(postgres.url!);
      scratchDatabases.push(database);
      readModel = { kind: 'postgres', url: database.url };
    }
    const ds = createReadModelDataSource(readModel, entities);
    await ds.initialize();
    opened.push(ds);
    return ds;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gg-proj-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    live = await openDataSource('read.sqlite');
  });
  afterEach(async () => {
    for (const ds of opened.splice(0)) if (ds.isInitialized) await ds.destroy();
    await store.close();
    for (const database of scratchDatabases.splice(0)) await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function appendMany(count: number, streams = 7) {
    let last = 0;
    for (let i = 0; i < count; i += 1) {
      const type = i % 23 === 22 ? 'Removed' : i % 5 === 4 ? 'Ignored' : 'Counted';
      last = (await store.append(`s-${i % streams}`, [testEvent(type, { amount: i })], { expectedRevision: 'any' })).position;
    }
    return last;
  }
  const rows = () => live.getRepository(StreamSummaryEntity).find({ order: { stream: 'ASC' } });

  it('applies live appends and gives read-your-writes through waitFor(position)', async () => {
    const runner = new ProjectionRunner(store, live, [new StreamSummaryProjector()], { batchSize: 10 });
    await runner.start();
    const position = await appendMany(40);
    await runner.waitFor(position, { timeoutMs: 5000 });
    expect((await rows()).reduce((sum, row) => sum + row.count, 0)).toBeGreaterThan(0);
    const [status] = await runner.status();
    expect(status).toMatchObject({ name: 'test-stream-summary', state: 'running', lag: 0, position });
    await runner.stop();
  });

  it('keeps its checkpoint in the same transaction, so a restart resumes without applying anything twice', async () => {
    const first = new ProjectionRunner(store, live, [new StreamSummaryProjector()]);
    await first.start();
    await first.waitFor(await appendMany(30));
    await first.stop();
    const before = await rows();
    const second = new ProjectionRunner(store, live, [new StreamSummaryProjector()]);
    await second.start();
    const position = await appendMany(30);
    await second.waitFor(position);
    await second.stop();
    // Same fold over 60 events applied once each, computed independently.
    const reference = new ProjectionRunner(store, await openDataSource('reference.sqlite'), [new StreamSummaryProjector()]);
    await reference.catchUp();
    const expected = await (reference as unknown as { dataSource: DataSource }).dataSource.getRepository(StreamSummaryEntity).find({ order: { stream: 'ASC' } });
    expect(await rows()).toEqual(expected);
    expect(before).not.toEqual(expected);
  });

  it('SC-7: rebuilding from position 0 reproduces the live tables exactly', async () => {
    const runner = new ProjectionRunner(store, live, [new StreamSummaryProjector()], { batchSize: 13 });
    await runner.start();
    await runner.waitFor(await appendMany(300));
    await runner.stop();
    const scratch = await openDataSource('scratch.sqlite');
    const [result] = await verifyRebuild(store, live, scratch, [new StreamSummaryProjector()], 17);
    expect(result.differences).toEqual([]);
    expect(result.rows).toBeGreaterThan(0);
  });

  it('replaying the log twice over the same tables changes nothing', async () => {
    const runner = new ProjectionRunner(store, live, [new StreamSummaryProjector()]);
    await runner.catchUp();
    await appendMany(120);
    await runner.catchUp();
    const once = await live.transaction((m) => snapshotTables(m, [StreamSummaryEntity]));
    await live.getRepository(ConsumerCheckpointEntity).update({ name: 'test-stream-summary' }, { position: 0 });
    await new ProjectionRunner(store, live, [new StreamSummaryProjector()]).catchUp();
    const twice = await live.transaction((m) => snapshotTables(m, [StreamSummaryEntity]));
    expect(twice).toEqual(once);
  });

  it('rebuild --verify reports a projector whose rows depend on something other than the log', async () => {
    const runner = new ProjectionRunner(store, live, [new StreamSummaryProjector()]);
    await runner.catchUp();
    await appendMany(20);
    await runner.catchUp();
    await live.getRepository(StreamSummaryEntity).update({ stream: 's-1' }, { total: -1 });
    const scratch = await openDataSource('scratch.sqlite');
    const [result] = await verifyRebuild(store, live, scratch, [new StreamSummaryProjector()]);
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0].onlyLive[0]).toContain('"total":-1');
  });

  it('a new projector version empties its tables and rebuilds from position 0', async () => {
    await new ProjectionRunner(store, live, [new StreamSummaryProjector(1)]).catchUp();
    await appendMany(25);
    await new ProjectionRunner(store, live, [new StreamSummaryProjector(1)]).catchUp();
    await live.getRepository(StreamSummaryEntity).update({ stream: 's-2' }, { total: 12345 });
    const v2 = new ProjectionRunner(store, live, [new StreamSummaryProjector(2, ['Counted', 'Removed', 'Ignored'])]);
    await v2.catchUp();
    const after = await rows();
    expect(after.find((row) => row.stream === 's-2')?.total).not.toBe(12345);
    expect(after.reduce((sum, row) => sum + row.count, 0)).toBeGreaterThan(0);
    const checkpoint = await live.getRepository(ConsumerCheckpointEntity).findOneByOrFail({ name: 'test-stream-summary' });
    expect(checkpoint).toMatchObject({ version: 2, position: await store.headPosition() });
  });

  it('parks a projector that keeps failing, reports it, and waitFor fails fast instead of hanging', async () => {
    const failing: Projector = {
      name: 'always-fails',
      version: 1,
      handles: ['Counted'],
      tables: [],
      apply: async () => {
        throw new Error('boom');
      },
    };
    const parked: string[] = [];
    const runner = new ProjectionRunner(store, live, [failing], { retryBaseMs: 1, maxAttempts: 3, onParked: (name) => parked.push(name) });
    await runner.start();
    const position = (await store.append('s-x', [testEvent('Counted', {})], { expectedRevision: 'any' })).position;
    await expect(runner.waitFor(position, { timeoutMs: 3000 })).rejects.toMatchObject({ code: 'service_unavailable' });
    expect(parked).toEqual(['always-fails']);
    expect((await runner.status())[0]).toMatchObject({ state: 'parked', error: 'boom' });
    await runner.stop();
  });
});
