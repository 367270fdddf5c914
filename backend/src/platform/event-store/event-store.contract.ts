/**
 * The behaviour every EventStore adapter must show (design.md "Event store"). Each adapter's spec calls
 * `describeEventStoreContract` with a factory; the SQLite adapter runs it always, the EventStoreDB
 * adapter whenever EVENTSTORE_URL is set.
 */
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../clock/clock.js';
import { RandomIdSource } from '../ids/id-source.js';
import type { EventStore, RecordedEvent } from './event-store.port.js';
import { EventIdConflictError, WrongExpectedRevisionError } from './event-store.errors.js';
import { LogSealer } from './log-sealer.js';
import { verifyLog } from './log-verifier.js';
import { testEvent, testMetadata } from '../testing/event-factory.js';

export interface TamperTools {
  /** Rewrites the stored data of the event at `position` without fixing its hash. */
  editData(position: number, data: unknown): Promise<void>;
  deleteEvent(position: number): Promise<void>;
  /** Exchanges the stored positions of two events. */
  swapPositions(a: number, b: number): Promise<void>;
}

export interface ContractSubject {
  store: EventStore;
  /** Absent for adapters whose storage cannot be edited behind their back (the tamper tests then skip loudly). */
  tamper?: TamperTools;
  contiguousPositions: boolean;
  cleanup(): Promise<void>;
}

export function describeEventStoreContract(adapterName: string, open: () => Promise<ContractSubject>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    const stream = () => `test-${randomUUID()}`;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => subject.cleanup());

    describe('expected revision', () => {
      it('appends to a new stream with no_stream and numbers revisions from 0', async () => {
        const s = stream();
        const result = await store.append(s, [testEvent('A', { n: 1 }), testEvent('B', { n: 2 })], { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(1);
        const events = await store.readStream(s);
        expect(events.map((e) => [e.type, e.revision])).toEqual([['A', 0], ['B', 1]]);
        expect(events[1].position).toBeGreaterThan(events[0].position);
        expect(result.position).toBe(events[1].position);
      });

      it('rejects no_stream on an existing stream, exists on a missing one, and a stale exact revision', async () => {
        const s = stream();
        await store.append(s, [testEvent('A', {})], { expectedRevision: 'no_stream' });
        await expect(store.append(s, [testEvent('B', {})], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.append(stream(), [testEvent('B', {})], { expectedRevision: 'exists' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.append(s, [testEvent('B', {})], { expectedRevision: 5 })).rejects.toMatchObject({ code: 'concurrency_conflict', actual: 0 });
        await expect(store.append(s, [testEvent('B', {})], { expectedRevision: 0 })).resolves.toMatchObject({ nextExpectedRevision: 1 });
        await expect(store.append(s, [testEvent('C', {})], { expectedRevision: 'exists' })).resolves.toMatchObject({ nextExpectedRevision: 2 });
        await expect(store.append(s, [testEvent('D', {})], { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 3 });
        expect(await store.streamRevision(s)).toBe(3);
        expect(await store.streamRevision(stream())).toBe(-1);
      });

      it('lets exactly one of 10 concurrent appends at one expected revision win; the others get a typed concurrency error', async () => {
        const s = stream();
        await store.append(s, [testEvent('Opened', {})], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => store.append(s, [testEvent('Raced', { i })], { expectedRevision: 0 })),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(9);
        for (const loss of lost) expect(loss.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(s)).toHaveLength(2);
      });
    });

    describe('idempotent append by event id', () => {
      it('answers a retried append with the original result and stores nothing twice', async () => {
        const s = stream();
        const events = [testEvent('A', { n: 1 }), testEvent('B', { n: 2 })];
        const first = await store.append(s, events, { expectedRevision: 'no_stream' });
        const retry = await store.append(s, events, { expectedRevision: 'no_stream' });
        expect(retry).toEqual({ ...first, idempotentReplay: true });
        expect(await store.readStream(s)).toHaveLength(2);
        expect(await store.headPosition()).toBe(first.position);
      });

      it('refuses an existing event id with other content', async () => {
        const s = stream();
        const event = testEvent('A', { n: 1 });
        await store.append(s, [event], { expectedRevision: 'any' });
        await expect(store.append(s, [{ ...event, data: { n: 2 } }], { expectedRevision: 'any' })).rejects.toBeInstanceOf(EventIdConflictError);
        await expect(store.append(stream(), [event], { expectedRevision: 'any' })).rejects.toBeInstanceOf(EventIdConflictError);
      });
    });

    describe('reading', () => {
      it('keeps data, type, schema version and every metadata field', async () => {
        const s = stream();
        const metadata = testMetadata({ correlationId: 'c-1', causationId: 'e-0', actor: 'user:42', source: '10.0.0.1' });
        await store.append(s, [{ id: randomUUID(), type: 'Rich', data: { nested: { list: [1, 'two', null] }, unicode: 'żółw 🐢' }, metadata, schemaVersion: 3 }], {
          expectedRevision: 'any',
        });
        const [event] = await store.readStream(s);
        expect(event).toMatchObject({ type: 'Rich', schemaVersion: 3, data: { nested: { list: [1, 'two', null] }, unicode: 'żółw 🐢' }, metadata });
      });

      it('reads the global log in position order from any position, and a stream as of a position', async () => {
        const streams = [stream(), stream(), stream()];
        for (let i = 0; i < 30; i += 1) await store.append(streams[i % 3], [testEvent('N', { i })], { expectedRevision: 'any' });
        const all = await readEverything(store, 0);
        const mine = all.filter((e) => streams.includes(e.stream));
        expect(mine.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
        const positions = all.map((e) => e.position);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        const middle = mine[14].position;
        const rest = await readEverything(store, middle);
        expect(rest[0].position).toBeGreaterThan(middle);
        expect(rest.filter((e) => streams.includes(e.stream))).toHaveLength(15);
        const asOf = await store.readStream(streams[0], { toPosition: middle });
        expect(asOf.map((e) => (e.data as { i: number }).i)).toEqual([0, 3, 6, 9, 12]);
        const filtered = await store.readBatch({ after: 0, types: ['N'], maxCount: 5 });
        expect(filtered.events).toHaveLength(5);
      });
    });

    describe('subscription', () => {
      it('catches up, then follows live appends under concurrent writers with no gap and no duplicate', async () => {
        const before = await store.headPosition();
        const s = stream();
        for (let i = 0; i < 50; i += 1) await store.append(s, [testEvent('Pre', { i })], { expectedRevision: 'any' });
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe(async (events) => {
          seen.push(...events);
          await new Promise((resolve) => setImmediate(resolve));
        }, { after: before, batchSize: 7 });
        const writers = Array.from({ length: 5 }, (_, w) =>
          (async () => {
            for (let i = 0; i < 40; i += 1) {
              await store.append(`${s}-w${w}`, [testEvent('Live', { w, i })], { expectedRevision: 'any' });
              if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
            }
          })(),
        );
        await Promise.all(writers);
        const head = await store.headPosition();
        await waitUntil(() => subscription.position >= head);
        await subscription.stop();
        const positions = seen.map((e) => e.position);
        expect(new Set(positions).size).toBe(positions.length);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        expect(seen.filter((e) => e.stream.startsWith(s))).toHaveLength(250);
      });

      it('with a type filter, advances its position past events of other types', async () => {
        const before = await store.headPosition();
        const s = stream();
        await store.append(s, [testEvent('Wanted', {}), testEvent('Other', {}), testEvent('Other', {})], { expectedRevision: 'any' });
        const seen: string[] = [];
        const subscription = store.subscribe(async (events) => void seen.push(...events.map((e) => e.type)), { after: before, types: ['Wanted'] });
        await subscription.caughtUp;
        const head = await store.headPosition();
        await waitUntil(() => subscription.position >= head);
        await subscription.stop();
        expect(seen).toEqual(['Wanted']);
      });
    });

    describe('tamper evidence', () => {
      const ids = new RandomIdSource();
      const clock = new ManualClock();

      async function seedLog(): Promise<RecordedEvent[]> {
        const s = stream();
        const t = stream();
        for (let i = 0; i < 6; i += 1) await store.append(i % 2 ? s : t, [testEvent('Seed', { i })], { expectedRevision: 'any' });
        return readEverything(store, 0);
      }

      it('verifies an untouched log, including its seals', async () => {
        await seedLog();
        const sealer = new LogSealer(store, clock, ids);
        expect(await sealer.seal()).not.toBeNull();
        await seedLog();
        expect(await sealer.seal()).not.toBeNull();
        expect(await sealer.seal()).toBeNull();
        const report = await verifyLog(store, { contiguousPositions: subject.contiguousPositions });
        // The newest seal is itself anchored only by the next seal.
        expect(report).toMatchObject({ ok: true, sealsChecked: 2, unsealedEvents: 1, firstBadEvent: null });
      });

      const tamperIt = (name: string, fn: (tamper: TamperTools) => Promise<void>) =>
        it(name, async () => {
          if (!subject.tamper) {
            console.warn(`SKIPPED (loudly): ${adapterName} offers no way to edit stored events, so "${name}" cannot run`);
            return;
          }
          await fn(subject.tamper);
        });

      tamperIt('names an edited event', async (tamper) => {
        const events = await seedLog();
        await tamper.editData(events[2].position, { i: 999 });
        const report = await verifyLog(store, { contiguousPositions: subject.contiguousPositions });
        expect(report.ok).toBe(false);
        expect(report.firstBadEvent).toMatchObject({ position: events[2].position, eventId: events[2].id });
        expect(report.firstBadEvent?.reason).toMatch(/edited/);
      });

      tamperIt('names the event after a deleted one', async (tamper) => {
        const events = await seedLog();
        await tamper.deleteEvent(events[1].position);
        const report = await verifyLog(store, { contiguousPositions: subject.contiguousPositions });
        expect(report.ok).toBe(false);
        expect(report.firstBadEvent?.position).toBe(events[2].position);
      });

      tamperIt('names a reordered event', async (tamper) => {
        const events = await seedLog();
        await tamper.swapPositions(events[1].position, events[3].position);
        const report = await verifyLog(store, { contiguousPositions: subject.contiguousPositions });
        expect(report.ok).toBe(false);
        expect(report.firstBadEvent?.position).toBe(events[1].position);
        expect(report.firstBadEvent?.reason).toMatch(/revision/);
      });

      tamperIt('catches a deleted stream tail through the seal even without position holes', async (tamper) => {
        const events = await seedLog();
        await new LogSealer(store, clock, ids).seal();
        await tamper.deleteEvent(events[events.length - 1].position);
        const report = await verifyLog(store, { contiguousPositions: false });
        expect(report.ok).toBe(false);
        expect(report.firstBadEvent?.stream).toBe('$seals');
      });
    });
  });
}

async function readEverything(store: EventStore, after: number): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after, maxCount: 500 });
    if (batch.length === 0) return out;
    out.push(...batch);
    after = batch[batch.length - 1].position;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
