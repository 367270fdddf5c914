import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecurityRecordData } from '../../../../contracts/events/security-events.js';
import { ManualClock } from '../clock/clock.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { SequentialIdSource } from '../ids/id-source.js';
import { SecurityEventRecorder } from './security-event.recorder.js';
import type { SecurityDecision } from './security-events.port.js';

const denial = (source: string, reason = 'invalid_api_key'): SecurityDecision => ({
  type: 'AccessDenied', action: 'GET /gallery', target: '/gallery', outcome: 'denied', reason, actor: 'anonymous', source, correlationId: `c-${source}`,
});

describe('AUD-1: SecurityEventRecorder', () => {
  let dir: string;
  let store: SqliteEventStore;
  let clock: ManualClock;
  let recorder: SecurityEventRecorder;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gg-sec-rec-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    clock = new ManualClock('2026-03-01T10:00:30.000Z');
    recorder = new SecurityEventRecorder(store, clock, new SequentialIdSource('sec'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const all = async (): Promise<RecordedEvent<string, SecurityRecordData>[]> => (await store.readAll({ after: 0 })) as RecordedEvent<string, SecurityRecordData>[];

  it('AUD-1: the first decision is recorded at once with every AUD-1 field, in security-<yyyy-mm-dd>', async () => {
    await recorder.record(denial('203.0.113.1'));
    const [event] = await all();
    expect(event.stream).toBe('security-2026-03-01');
    expect(event.metadata).toMatchObject({ actor: 'anonymous', source: '203.0.113.1', correlationId: 'c-203.0.113.1', timestamp: '2026-03-01T10:00:30.000Z' });
    expect(event.data).toMatchObject({ action: 'GET /gallery', target: '/gallery', outcome: 'denied', reason: 'invalid_api_key', count: 1 });
  });

  it('AUD-1: a flood from one source costs two events per minute: the first, then one with the count', async () => {
    for (let i = 0; i < 5000; i += 1) await recorder.record(denial('203.0.113.2'));
    expect(await all()).toHaveLength(1);
    clock.advance(60_000);
    await recorder.record(denial('203.0.113.2'));
    const events = await all();
    expect(events.map((event) => event.data.count)).toEqual([1, 4999, 1]);
    expect(events[1].data.correlation_ids).toHaveLength(5);
    expect(events[1].data.details).toMatchObject({ repeated: true });
  });

  it('AUD-1: different sources and reasons are kept apart; past 256 keys a minute they fold into one overflow record', async () => {
    for (let i = 0; i < 300; i += 1) await recorder.record(denial(`198.51.${Math.floor(i / 250)}.${i % 250}`));
    await recorder.record(denial('203.0.113.3', 'session_expired'));
    await recorder.flush();
    const events = await all();
    expect(events.filter((event) => event.metadata.source !== '*')).toHaveLength(256);
    const overflow = events.filter((event) => event.metadata.source === '*');
    expect(overflow.map((event) => event.data.count)).toEqual([1, 44]);
    expect(overflow[0].data.details).toMatchObject({ overflow: true });
  });

  it('AUD-1: repeats are flushed on shutdown; a failing store never throws into the request', async () => {
    await recorder.record(denial('203.0.113.4'));
    await recorder.record(denial('203.0.113.4'));
    await recorder.onApplicationShutdown();
    expect((await all()).map((event) => event.data.count)).toEqual([1, 1]);
    await store.close();
    await expect(recorder.record(denial('203.0.113.5'))).resolves.toBeUndefined();
  });
});
