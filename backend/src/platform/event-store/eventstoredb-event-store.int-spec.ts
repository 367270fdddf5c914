/**
 * The shared contract against a real EventStoreDB, whenever EVENTSTORE_URL is set (design.md: required in
 * any environment that sets it). Without it the suite says so loudly, and fails if REQUIRE_SERVICES lists
 * eventstoredb. Each test gets its own namespace under a per-run prefix, so runs sharing a server and the
 * tests of one run never see each other's events; there are no tamper tools (EventStoreDB events cannot be
 * edited behind its back), so the contract's tamper tests skip with their own warning.
 */
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { describeEventStoreContract, type ContractSubject } from './event-store.contract.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { STORED_SEAL_STREAM, collect } from './eventstoredb-mapping.js';
import { testEvent } from '../testing/event-factory.js';

const url = process.env.EVENTSTORE_URL;
const required = (process.env.REQUIRE_SERVICES ?? '')
  .split(',')
  .map((name) => name.trim())
  .includes('eventstoredb');
const run = `t${randomUUID().slice(0, 8)}`;
let opened = 0;

async function openEventStoreDb(connectionString: string): Promise<ContractSubject & { store: EventStoreDbEventStore; namespace: string }> {
  opened += 1;
  const namespace = `${run}-${opened}-`;
  const store = await EventStoreDbEventStore.open(EventStoreDBClient.connectionString(connectionString), {
    namespace,
    freshNamespace: true,
    pollIntervalMs: 50,
  });
  return { store, namespace, contiguousPositions: false, cleanup: () => store.close() };
}

if (!url) {
  const notice = 'SKIPPED: EventStoreDB contract suite — set EVENTSTORE_URL=esdb://... to run it';
  console.warn(notice);
  // Jest drops the console output of a file whose tests all skipped, so say it on stderr as well.
  if (!required) process.stderr.write(`\n!!! ${notice}\n`);
  describe('EventStoreDB contract', () => {
    (required ? it : it.skip)('needs EVENTSTORE_URL', () => {
      throw new Error('REQUIRE_SERVICES lists eventstoredb but EVENTSTORE_URL is unset');
    });
  });
} else {
  const connectionString = url;
  describeEventStoreContract('eventstoredb', () => openEventStoreDb(connectionString));

  describe('EventStoreDbEventStore specifics', () => {
    it('stores $seals under a storable name and keeps namespaces apart', async () => {
      const mine = await openEventStoreDb(connectionString);
      const theirs = await openEventStoreDb(connectionString);
      const raw = EventStoreDBClient.connectionString(connectionString);
      try {
        await mine.store.append('$seals', [testEvent('LogSealed', { n: 1 })], { expectedRevision: 'no_stream' });
        await mine.store.append('task-1', [testEvent('TaskSubmitted', {})], { expectedRevision: 'no_stream' });
        const stored = await collect(raw.readStream(`${mine.namespace}${STORED_SEAL_STREAM}`));
        expect(stored.map((resolved) => resolved.event?.type)).toEqual(['LogSealed']);
        expect((await mine.store.readAll({ after: 0 })).map((event) => event.stream)).toEqual(['$seals', 'task-1']);
        expect(await theirs.store.readAll({ after: 0 })).toEqual([]);
        expect(await theirs.store.headPosition()).toBe(0);
        expect(await theirs.store.streamRevision('task-1')).toBe(-1);
      } finally {
        await raw.dispose();
        await theirs.cleanup();
        await mine.cleanup();
      }
    });

    it('answers a retry as a replay even after other events followed it, and whatever it expected', async () => {
      const subject = await openEventStoreDb(connectionString);
      try {
        const first = testEvent('A', { n: 1 });
        const original = await subject.store.append('s-1', [first], { expectedRevision: 'no_stream' });
        await subject.store.append('s-1', [testEvent('B', {}), testEvent('C', {})], { expectedRevision: 0 });
        await expect(subject.store.append('s-1', [first], { expectedRevision: 'no_stream' })).resolves.toEqual({ ...original, idempotentReplay: true });
        expect(await subject.store.streamRevision('s-1')).toBe(2);
      } finally {
        await subject.cleanup();
      }
    });

    it('accepts ids that are not UUIDs and reads them back as given', async () => {
      const subject = await openEventStoreDb(connectionString);
      try {
        await subject.store.append('s-2', [{ ...testEvent('A', {}), id: 'id-000001' }], { expectedRevision: 'any' });
        expect((await subject.store.readStream('s-2')).map((event) => event.id)).toEqual(['id-000001']);
      } finally {
        await subject.cleanup();
      }
    });
  });
}
