import { ANY, NO_STREAM, STREAM_EXISTS, StreamNotFoundError, WrongExpectedVersionError, type JSONEventData } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { EventIdConflictError, WrongExpectedRevisionError } from './event-store.errors.js';
import type { NewEvent, RecordedEvent } from './event-store.port.js';
import {
  STORED_SEAL_STREAM,
  StreamNames,
  appendRevision,
  assertDistinctIds,
  checkExpectedRevision,
  claimEvent,
  claimOwner,
  decodeMetadata,
  encodeAppend,
  encodeMetadata,
  esdbEventId,
  isStreamNotFound,
  matchReplay,
  positionOf,
  toEsdbExpectedRevision,
  toRecordedEvent,
  toWrongExpectedRevision,
  type EsdbEventLike,
} from './eventstoredb-mapping.js';
import { eventHash } from './hash-chain.js';
import { testEvent, testMetadata } from '../testing/event-factory.js';

/** What the server would hand back for an encoded event: JSON through the wire, at a given place. */
function asStored(encoded: ReturnType<typeof encodeAppend>[number], streamId: string, revision: number, position: number): EsdbEventLike {
  const json = encoded as JSONEventData;
  return {
    id: json.id,
    streamId,
    revision: BigInt(revision),
    type: json.type,
    data: JSON.parse(JSON.stringify(json.data)),
    metadata: JSON.parse(JSON.stringify(json.metadata)),
    position: { commit: BigInt(position), prepare: BigInt(position) },
  };
}

describe('EventStoreDB mapping', () => {
  describe('expected revision', () => {
    it("maps 'any', 'no_stream', 'exists' and exact revisions onto the client's constants", () => {
      expect(toEsdbExpectedRevision('any')).toBe(ANY);
      expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
      expect(toEsdbExpectedRevision('exists')).toBe(STREAM_EXISTS);
      expect(toEsdbExpectedRevision(7)).toBe(7n);
    });

    it('always appends at the exact revision that was read, so the hash chain stays linear', () => {
      expect(appendRevision(-1)).toBe(NO_STREAM);
      expect(appendRevision(0)).toBe(0n);
      expect(appendRevision(41)).toBe(41n);
    });

    it("checks the caller's expectation against the head it read", () => {
      expect(() => checkExpectedRevision('s', 'any', -1)).not.toThrow();
      expect(() => checkExpectedRevision('s', 'no_stream', -1)).not.toThrow();
      expect(() => checkExpectedRevision('s', 'exists', 0)).not.toThrow();
      expect(() => checkExpectedRevision('s', 3, 3)).not.toThrow();
      expect(() => checkExpectedRevision('s', 'no_stream', 0)).toThrow(WrongExpectedRevisionError);
      expect(() => checkExpectedRevision('s', 'exists', -1)).toThrow(WrongExpectedRevisionError);
      let stale: unknown;
      try {
        checkExpectedRevision('s', 5, 0);
      } catch (error) {
        stale = error;
      }
      expect(stale).toMatchObject({ code: 'concurrency_conflict', stream: 's', expected: 5, actual: 0 });
    });
  });

  describe('errors', () => {
    it("turns the client's WrongExpectedVersionError into ours with the actual revision", () => {
      const behind = new WrongExpectedVersionError(undefined, { streamName: 'x-s', expected: 0n, current: 4n });
      expect(toWrongExpectedRevision(behind, 's', 0)).toMatchObject({ code: 'concurrency_conflict', stream: 's', expected: 0, actual: 4 });
      const missing = new WrongExpectedVersionError(undefined, { streamName: 'x-s', expected: STREAM_EXISTS, current: NO_STREAM });
      expect(toWrongExpectedRevision(missing, 's', 'exists')).toMatchObject({ expected: 'exists', actual: -1 });
      expect(toWrongExpectedRevision(missing, 's', 'exists')).toBeInstanceOf(WrongExpectedRevisionError);
    });

    it('leaves every other error alone', () => {
      expect(toWrongExpectedRevision(new Error('boom'), 's', 'any')).toBeUndefined();
      expect(toWrongExpectedRevision(new StreamNotFoundError(undefined, 's'), 's', 'any')).toBeUndefined();
      expect(isStreamNotFound(new StreamNotFoundError(undefined, 's'))).toBe(true);
      expect(isStreamNotFound(new Error('s'))).toBe(false);
    });
  });

  describe('stream names', () => {
    it('stores $seals as gg-seals and maps it back', () => {
      const names = new StreamNames();
      expect(names.toStored('$seals')).toBe(STORED_SEAL_STREAM);
      expect(names.fromStored('gg-seals')).toBe('$seals');
      expect(names.toStored('task-1')).toBe('task-1');
      expect(names.fromStored('task-1')).toBe('task-1');
    });

    it('prefixes a namespace and sees nothing outside it', () => {
      const names = new StreamNames('run7-');
      expect(names.toStored('task-1')).toBe('run7-task-1');
      expect(names.toStored('$seals')).toBe('run7-gg-seals');
      expect(names.fromStored('run7-gg-seals')).toBe('$seals');
      expect(names.fromStored('run7-task-1')).toBe('task-1');
      expect(names.fromStored('run8-task-1')).toBeUndefined();
      expect(names.fromStored('task-1')).toBeUndefined();
    });

    it('hides system streams and id claims, and refuses names it could not map back', () => {
      const names = new StreamNames();
      expect(names.fromStored('$$task-1')).toBeUndefined();
      expect(names.fromStored('$stats-127.0.0.1:2113')).toBeUndefined();
      expect(names.fromStored(names.claim(randomUUID()))).toBeUndefined();
      expect(() => names.toStored('$other')).toThrow(/reserves/);
      expect(() => names.toStored('gg-seals')).toThrow(/reserved/);
      expect(() => names.toStored('')).toThrow();
      expect(() => new StreamNames('$x')).toThrow();
    });

    it('names one claim stream per event id', () => {
      const names = new StreamNames('ns-');
      const id = randomUUID();
      expect(names.claim(id)).toBe(`ns-gg-eventid-${id}`);
      expect(names.claim(id.toUpperCase())).toBe(`ns-gg-eventid-${id}`);
    });
  });

  describe('event ids', () => {
    it('passes UUIDs through and derives a stable UUID for any other id', () => {
      const id = randomUUID();
      expect(esdbEventId(id)).toBe(id);
      expect(esdbEventId('id-000001')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(esdbEventId('id-000001')).toBe(esdbEventId('id-000001'));
      expect(esdbEventId('id-000001')).not.toBe(esdbEventId('id-000002'));
    });

    it('refuses the same id twice in one append', () => {
      const event = testEvent('A', {});
      expect(() => assertDistinctIds([event, { ...event }])).toThrow(EventIdConflictError);
      expect(() => assertDistinctIds([event, testEvent('B', {})])).not.toThrow();
    });

    it('records the owning stream in a claim, with a fresh claim id each time', () => {
      const first = claimEvent('task-1', 'e-1') as JSONEventData;
      const second = claimEvent('task-1', 'e-1') as JSONEventData;
      expect(first.id).not.toBe(second.id);
      expect(claimOwner(JSON.parse(JSON.stringify(first.data)))).toBe('task-1');
      expect(claimOwner(undefined)).toBeUndefined();
      expect(claimOwner({ stream: 3 })).toBeUndefined();
    });
  });

  describe('metadata', () => {
    it('round-trips every EventMetadata field beside the hash chain', () => {
      const metadata = testMetadata({ correlationId: 'c-1', causationId: 'e-0', actor: 'user:42', source: '10.0.0.1' });
      const gg = { v: 1 as const, id: 'e-1', schemaVersion: 3, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) };
      const wire = JSON.parse(JSON.stringify(encodeMetadata(metadata, gg)));
      expect(decodeMetadata(wire)).toEqual({ metadata, gg });
    });

    it('reads an event written by someone else with an empty hash, so the verifier names it', () => {
      expect(decodeMetadata(undefined)).toEqual({
        metadata: { correlationId: '', causationId: null, actor: '', source: '', timestamp: '' },
        gg: null,
      });
      expect(decodeMetadata(new Uint8Array([1, 2])).gg).toBeNull();
      expect(decodeMetadata({ $gg: { id: 'x' } }).gg).toBeNull();
    });
  });

  describe('encode and decode', () => {
    it('chains the hashes onto the head and reads back events the verifier accepts', () => {
      const events: NewEvent[] = [
        { ...testEvent('Rich', { nested: { list: [1, 'two', null] }, at: new Date(0), gone: undefined }), schemaVersion: 2 },
        testEvent('Plain', 'just a string'),
        { ...testEvent('Seq', { n: 1 }), id: 'id-000007' },
      ];
      const head = { revision: 4, hash: 'f'.repeat(64) };
      const encoded = encodeAppend('task-1', events, head);
      const read = encoded.map((item, i) => toRecordedEvent(asStored(item, 'ns-task-1', 5 + i, 100 + i * 10), 'task-1'));
      expect(read.map((e) => [e.id, e.revision, e.position, e.schemaVersion])).toEqual([
        [events[0].id, 5, 100, 2],
        [events[1].id, 6, 110, 1],
        ['id-000007', 7, 120, 1],
      ]);
      expect(read[0].prevHash).toBe(head.hash);
      expect(read[1].prevHash).toBe(read[0].hash);
      expect(read[2].prevHash).toBe(read[1].hash);
      for (const event of read) expect(eventHash(event.prevHash, event)).toBe(event.hash);
      // What is stored is what was hashed: the Date as canonical JSON saw it, undefined keys dropped.
      expect(read[0].data).toEqual({ nested: { list: [1, 'two', null] }, at: {} });
      expect(read[1].data).toBe('just a string');
      expect(read[0].metadata).toEqual(events[0].metadata);
      expect((encoded[2] as JSONEventData).id).toBe(esdbEventId('id-000007'));
    });

    it('starts a new stream with an empty previous hash', () => {
      const [encoded] = encodeAppend('task-2', [testEvent('A', {})], null);
      expect(toRecordedEvent(asStored(encoded, 'task-2', 0, 5), 'task-2').prevHash).toBe('');
    });

    it('needs a real log position (servers before 22.6 leave it out of stream reads)', () => {
      const raw: EsdbEventLike = { id: 'x', streamId: 's', revision: 0n, type: 'A', data: {} };
      expect(() => positionOf(raw)).toThrow(/22\.6/);
      expect(() => positionOf({ ...raw, position: { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n } })).toThrow(/22\.6/);
      expect(() => positionOf({ ...raw, position: { commit: 2n ** 60n, prepare: 0n } })).toThrow(RangeError);
      expect(positionOf({ ...raw, position: { commit: 1234n, prepare: 1234n } })).toBe(1234);
    });
  });

  describe('idempotent replay', () => {
    const stored = (event: NewEvent, revision: number, position: number): RecordedEvent => ({
      ...event,
      stream: 's',
      revision,
      position,
      schemaVersion: 1,
      metadata: event.metadata,
      prevHash: '',
      hash: '',
    });

    it('is no replay when none of the ids is stored', () => {
      expect(matchReplay('s', [testEvent('A', {})], new Map())).toBeNull();
    });

    it('answers a full match with the original result', () => {
      const events = [testEvent('A', { n: 1 }), testEvent('B', { n: 2 })];
      const found = new Map([
        [events[0].id, stored(events[0], 3, 300)],
        [events[1].id, stored(events[1], 4, 310)],
      ]);
      expect(matchReplay('s', events, found)).toEqual({ stream: 's', nextExpectedRevision: 4, position: 310, idempotentReplay: true });
    });

    it('refuses other content, a partial match and events out of place', () => {
      const events = [testEvent('A', { n: 1 }), testEvent('B', { n: 2 })];
      const other = new Map([[events[0].id, stored({ ...events[0], data: { n: 9 } }, 0, 10)]]);
      expect(() => matchReplay('s', events.slice(0, 1), other)).toThrow(EventIdConflictError);
      const partial = new Map([[events[0].id, stored(events[0], 0, 10)]]);
      expect(() => matchReplay('s', events, partial)).toThrow(EventIdConflictError);
      const apart = new Map([
        [events[0].id, stored(events[0], 0, 10)],
        [events[1].id, stored(events[1], 2, 30)],
      ]);
      expect(() => matchReplay('s', events, apart)).toThrow(EventIdConflictError);
    });
  });
});
