import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ManualClock } from '../clock/clock.js';
import { createReadModelDataSource } from '../persistence/read-model-datasource.js';
import { DeadlineEntity, DeadlineFiringEntity } from './deadline.entity.js';
import { Deadlines, DeadlineScheduler } from './deadline-scheduler.js';

describe('GEN-6 groundwork: durable deadlines', () => {
  let dir: string;
  let ds: DataSource;
  const clock = new ManualClock('2026-03-01T00:00:00Z');

  const open = async () => {
    const source = createReadModelDataSource({ kind: 'sqlite', path: join(dir, 'read.sqlite') }, [DeadlineEntity, DeadlineFiringEntity]);
    await source.initialize();
    return source;
  };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gg-deadline-'));
    ds = await open();
  });
  afterEach(async () => {
    if (ds.isInitialized) await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const schedule = (id: string, inMs: number) =>
    ds.transaction((m) => Deadlines.schedule(m, { id, owner: 'test', dueAt: clock.now().getTime() + inMs, kind: 'expire', payload: { id } }));

  it('fires a deadline when due, once, and not before', async () => {
    const fired: string[] = [];
    const scheduler = new DeadlineScheduler(ds, clock, { tickMs: 10 });
    scheduler.register('expire', async (d) => void fired.push(d.id));
    await schedule('a', 60_000);
    expect(await scheduler.tick()).toBe(0);
    clock.advance(60_000);
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    expect(fired).toEqual(['a']);
  });

  it('survives a restart: a deadline scheduled before it fires after', async () => {
    await schedule('survivor', 1000);
    await ds.destroy();
    ds = await open();
    clock.advance(1000);
    const fired: string[] = [];
    const scheduler = new DeadlineScheduler(ds, clock, { tickMs: 10 });
    scheduler.register('expire', async (d) => void fired.push(d.id));
    await scheduler.tick();
    expect(fired).toEqual(['survivor']);
  });

  it('a cancelled deadline never fires', async () => {
    const fired: string[] = [];
    const scheduler = new DeadlineScheduler(ds, clock, { tickMs: 10 });
    scheduler.register('expire', async (d) => void fired.push(d.id));
    await schedule('gone', 10);
    await ds.transaction((m) => Deadlines.cancel(m, 'gone'));
    clock.advance(1000);
    await scheduler.tick();
    expect(fired).toEqual([]);
  });

  it('retries a failing handler with backoff, then parks it', async () => {
    let calls = 0;
    const errors: boolean[] = [];
    const scheduler = new DeadlineScheduler(ds, clock, { tickMs: 10, maxAttempts: 3, retryBaseMs: 100, onError: (_d, _e, parked) => errors.push(parked) });
    scheduler.register('expire', async () => {
      calls += 1;
      throw new Error('store down');
    });
    await schedule('flaky', 0);
    await scheduler.tick();
    await scheduler.tick();
    expect(calls).toBe(1);
    clock.advance(100);
    await scheduler.tick();
    clock.advance(200);
    await scheduler.tick();
    clock.advance(10_000);
    await scheduler.tick();
    expect(calls).toBe(3);
    expect(errors).toEqual([false, false, true]);
    expect(await scheduler.pending()).toEqual({ scheduled: 1, parked: 1 });
  });

  it('runs on its own timer once started', async () => {
    const fired: string[] = [];
    const scheduler = new DeadlineScheduler(ds, clock, { tickMs: 5 });
    scheduler.register('expire', async (d) => void fired.push(d.id));
    scheduler.start();
    await schedule('timed', 0);
    const started = Date.now();
    while (fired.length === 0 && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 5));
    await scheduler.stop();
    expect(fired).toEqual(['timed']);
  });
});
