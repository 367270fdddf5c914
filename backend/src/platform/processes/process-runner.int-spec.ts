import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ManualClock } from '../clock/clock.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { derivedId } from '../ids/id-source.js';
import { ConsumerCheckpointEntity } from '../persistence/consumer-checkpoint.entity.js';
import { createReadModelDataSource } from '../persistence/read-model-datasource.js';
import { testEvent, testMetadata } from '../testing/event-factory.js';
import { ParkedEventEntity } from './parked-event.entity.js';
import type { ProcessManager } from './process-manager.js';
import { ProcessRunner } from './process-runner.js';

/** Reacts to each Ordered event by appending a Shipped event whose id derives from the cause. */
class ShippingProcess implements ProcessManager {
  readonly name = 'shipping';
  readonly handles = ['Ordered'];
  handled: number[] = [];
  failOn = new Set<number>();
  constructor(private readonly store: SqliteEventStore) {}
  async handle(event: RecordedEvent): Promise<void> {
    this.handled.push(event.position);
    if (this.failOn.has((event.data as { n: number }).n)) throw new Error(`cannot ship ${(event.data as { n: number }).n}`);
    await this.store.append(
      `shipment-${event.stream}`,
      [{ id: derivedId(event.id, 'ship'), type: 'Shipped', data: { n: (event.data as { n: number }).n }, metadata: testMetadata({ causationId: event.id }) }],
      { expectedRevision: 'any' },
    );
  }
}

describe('ProcessRunner', () => {
  let dir: string;
  let store: SqliteEventStore;
  let ds: DataSource;
  const clock = new ManualClock();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gg-proc-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    ds = createReadModelDataSource({ kind: 'sqlite', path: join(dir, 'read.sqlite') }, [ConsumerCheckpointEntity, ParkedEventEntity]);
    await ds.initialize();
  });
  afterEach(async () => {
    await ds.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const order = async (n: number) => (await store.append(`order-${n}`, [testEvent('Ordered', { n })], { expectedRevision: 'any' })).position;
  const shipped = async () => (await store.readAll({ after: 0, maxCount: 10_000 })).filter((e) => e.type === 'Shipped').map((e) => (e.data as { n: number }).n);

  it('delivers from the durable subscription and resumes after a restart without redelivering', async () => {
    const process = new ShippingProcess(store);
    const first = new ProcessRunner(store, ds, [process], clock);
    await first.start();
    await order(1);
    await first.waitFor(await order(2));
    await first.stop();
    const handledBefore = process.handled.length;
    await order(3);
    const second = new ProcessRunner(store, ds, [process], clock);
    await second.start();
    await second.waitFor(await store.headPosition());
    await second.stop();
    expect(process.handled.length - handledBefore).toBe(1);
    expect((await shipped()).sort()).toEqual([1, 2, 3]);
  });

  it('a redelivered event (checkpoint lost) issues nothing twice, because command ids derive from the cause', async () => {
    const process = new ShippingProcess(store);
    const runner = new ProcessRunner(store, ds, [process], clock);
    await runner.start();
    for (let n = 0; n < 5; n += 1) await order(n);
    await runner.waitFor(await store.headPosition());
    await runner.stop();
    await ds.getRepository(ConsumerCheckpointEntity).update({ name: 'shipping' }, { position: 0 });
    const again = new ProcessRunner(store, ds, [process], clock);
    await again.start();
    await again.waitFor(await store.headPosition());
    await again.stop();
    expect(process.handled.length).toBe(10);
    expect((await shipped()).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('retries a failing handler with backoff, then parks the event and goes on with the stream', async () => {
    const process = new ShippingProcess(store);
    process.failOn.add(2);
    const parkedSeen: string[] = [];
    const runner = new ProcessRunner(store, ds, [process], clock, { retryBaseMs: 1, maxAttempts: 3, onParked: (p) => parkedSeen.push(p.eventType) });
    await runner.start();
    for (let n = 1; n <= 3; n += 1) await order(n);
    await runner.waitFor(await store.headPosition());
    const status = await runner.status();
    await runner.stop();
    expect((await shipped()).sort()).toEqual([1, 3]);
    expect(process.handled.filter((p) => p === process.handled[1])).toHaveLength(3);
    const [parked] = await ds.getRepository(ParkedEventEntity).find();
    expect(parked).toMatchObject({ consumer: 'shipping', eventType: 'Ordered', attempts: 3, error: 'cannot ship 2' });
    expect(parkedSeen).toEqual(['Ordered']);
    expect(status[0]).toMatchObject({ name: 'shipping', parked: 1, lag: 0 });
  });

  it('handles different concurrency keys in parallel and the same key in log order', async () => {
    const log: string[] = [];
    const manager: ProcessManager = {
      name: 'keyed',
      handles: ['Ordered'],
      concurrencyKey: (event) => event.stream,
      async handle(event) {
        const { n } = event.data as { n: number };
        log.push(`start ${event.stream} ${n}`);
        await new Promise((resolve) => setTimeout(resolve, event.stream === 'slow' ? 30 : 1));
        log.push(`end ${event.stream} ${n}`);
      },
    };
    await store.append('slow', [testEvent('Ordered', { n: 1 }), testEvent('Ordered', { n: 2 })], { expectedRevision: 'any' });
    await store.append('fast', [testEvent('Ordered', { n: 3 })], { expectedRevision: 'any' });
    const runner = new ProcessRunner(store, ds, [manager], clock);
    await runner.start();
    await runner.waitFor(await store.headPosition());
    await runner.stop();
    expect(log.indexOf('end fast 3')).toBeLessThan(log.indexOf('end slow 1'));
    expect(log.indexOf('end slow 1')).toBeLessThan(log.indexOf('start slow 2'));
  });

  it('a slow key does not hold back later events of other keys, and the checkpoint never passes an unfinished event', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const finished: string[] = [];
    const manager: ProcessManager = {
      name: 'watermark',
      handles: ['Ordered'],
      concurrencyKey: (event) => event.stream,
      async handle(event) {
        if (event.stream === 'slow') await gate;
        finished.push(event.stream);
      },
    };
    const runner = new ProcessRunner(store, ds, [manager], clock);
    await runner.start();
    const slowPosition = (await store.append('slow', [testEvent('Ordered', { n: 1 })], { expectedRevision: 'any' })).position;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fastPosition = (await store.append('fast', [testEvent('Ordered', { n: 2 })], { expectedRevision: 'any' })).position;
    const started = Date.now();
    while (!finished.includes('fast') && Date.now() - started < 3000) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(finished).toEqual(['fast']);
    const [status] = await runner.status();
    expect(status.position).toBeLessThan(slowPosition);
    release();
    await runner.waitFor(fastPosition);
    await runner.stop();
    expect(finished).toEqual(['fast', 'slow']);
    const checkpoint = await ds.getRepository(ConsumerCheckpointEntity).findOneByOrFail({ name: 'watermark' });
    expect(checkpoint.position).toBeGreaterThanOrEqual(fastPosition);
  });

  it('stopping finishes the handlers already running and leaves queued events for the next start (no event lost)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    const manager: ProcessManager = {
      name: 'stopper',
      handles: ['Ordered'],
      async handle(event) {
        const { n } = event.data as { n: number };
        if (n === 1) await gate;
        handled.push(n);
      },
    };
    const runner = new ProcessRunner(store, ds, [manager], clock);
    await runner.start();
    for (let n = 1; n <= 5; n += 1) await order(n);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopping = runner.stop();
    release();
    await stopping;
    expect(handled).toEqual([1]);
    const next = new ProcessRunner(store, ds, [manager], clock);
    await next.start();
    await next.waitFor(await store.headPosition());
    await next.stop();
    expect(handled).toEqual([1, 2, 3, 4, 5]);
  });
});
