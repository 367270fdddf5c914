/**
 * The half of the EventStoreDB adapter that needs no server: how our port's values map onto the client's
 * and back. Kept apart from the I/O so it is unit-tested without one (eventstoredb-mapping.spec.ts).
 */
import {
  ANY,
  ErrorType,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  jsonEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  type EventData,
  type JSONType,
  type Position,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { derivedId } from '../ids/id-source.js';
import type { AppendResult, EventMetadata, ExpectedRevision, NewEvent, RecordedEvent } from './event-store.port.js';
import { EventIdConflictError, WrongExpectedRevisionError } from './event-store.errors.js';
import { canonicalJson, eventHash } from './hash-chain.js';
import { SEAL_STREAM } from './log-sealer.js';
import { normalizeMetadata } from './append-signal.js';

/** EventStoreDB reserves `$`-prefixed stream names for itself, so our seal stream is stored under this name. */
export const STORED_SEAL_STREAM = 'gg-seals';
/** Names the adapter keeps for itself; application streams may not start with it. */
export const RESERVED_PREFIX = 'gg-';
/** One stream per event id, claimed with expected revision no_stream: EventStoreDB has no global id index. */
export const EVENT_ID_CLAIM_PREFIX = 'gg-eventid-';
export const EVENT_ID_CLAIM_TYPE = 'EventIdClaimed';

/** Everything the adapter keeps beside our EventMetadata fields, under one key so nothing collides. */
export interface GgMetadata {
  v: 1;
  /** Our event id as given (EventStoreDB ids must be UUIDs, ours need not be). */
  id: string;
  schemaVersion: number;
  prevHash: string;
  hash: string;
}

export interface StreamHead {
  revision: number;
  hash: string;
}

/** The fields of a client RecordedEvent the adapter reads (JSON and binary variants both fit). */
export interface EsdbEventLike {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
  position?: Position;
}

/** The plain mapping of our expected revision onto the client's. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'exists') return STREAM_EXISTS;
  return BigInt(expected);
}

/**
 * What the adapter actually sends: always the exact revision it read (or no_stream), whatever the caller
 * asked for, because the hash chain was computed on that head and must stay linear.
 */
export function appendRevision(current: number): AppendExpectedRevision {
  return current < 0 ? NO_STREAM : toEsdbExpectedRevision(current);
}

/** The caller's expectation checked against the head the adapter read (the server re-checks it exactly). */
export function checkExpectedRevision(stream: string, expected: ExpectedRevision, current: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === -1) ||
    (expected === 'exists' && current >= 0) ||
    (typeof expected === 'number' && expected === current);
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, current);
}

export function fromCurrentRevision(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : Number(current);
}

/** Matches by type as well as by class, in case two copies of the client are loaded. */
export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return (
    error instanceof WrongExpectedVersionError ||
    (error instanceof Error && (error as { type?: unknown }).type === ErrorType.WRONG_EXPECTED_VERSION)
  );
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof Error && (error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND;
}

/** The client's WrongExpectedVersionError as our typed conflict; undefined for any other error. */
export function toWrongExpectedRevision(error: unknown, stream: string, expected: ExpectedRevision): WrongExpectedRevisionError | undefined {
  if (!isWrongExpectedVersion(error)) return undefined;
  return new WrongExpectedRevisionError(stream, expected, fromCurrentRevision(error.actualVersion));
}

/**
 * Our stream names ↔ stored names. A namespace prefixes every stored name so a store sees only its own
 * streams (test runs sharing one server); `$seals` is stored as `gg-seals`; claim streams and system
 * streams map back to undefined, i.e. "not one of ours", and are skipped by every read.
 */
export class StreamNames {
  constructor(readonly namespace = '') {
    if (namespace.startsWith('$')) throw new Error(`EventStoreDB namespace ${namespace} may not start with $`);
  }

  toStored(stream: string): string {
    if (stream === SEAL_STREAM) return this.namespace + STORED_SEAL_STREAM;
    if (stream === '' || stream.startsWith('$')) {
      throw new Error(`Stream "${stream}": EventStoreDB reserves $-prefixed names; only ${SEAL_STREAM} is mapped (to ${STORED_SEAL_STREAM})`);
    }
    if (stream.startsWith(RESERVED_PREFIX)) throw new Error(`Stream "${stream}": the ${RESERVED_PREFIX} prefix is reserved by the EventStoreDB adapter`);
    return this.namespace + stream;
  }

  fromStored(stored: string): string | undefined {
    if (!stored.startsWith(this.namespace)) return undefined;
    const name = stored.slice(this.namespace.length);
    if (name === STORED_SEAL_STREAM) return SEAL_STREAM;
    if (name === '' || name.startsWith('$') || name.startsWith(RESERVED_PREFIX)) return undefined;
    return name;
  }

  claim(eventId: string): string {
    return `${this.namespace}${EVENT_ID_CLAIM_PREFIX}${esdbEventId(eventId)}`;
  }
}

/** A claim's own id is random, so the server's per-stream dedup can never turn a second claim into a silent success. */
export function claimEvent(stream: string, eventId: string): EventData {
  return jsonEvent({ id: randomUUID(), type: EVENT_ID_CLAIM_TYPE, data: { stream, eventId } }) as EventData;
}

export function claimOwner(data: unknown): string | undefined {
  const stream = data !== null && typeof data === 'object' ? (data as { stream?: unknown }).stream : undefined;
  return typeof stream === 'string' ? stream : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** EventStoreDB wants a UUID; a non-UUID id (tests' sequential ids) gets a stable one derived from it. */
export function esdbEventId(id: string): string {
  return UUID.test(id) ? id.toLowerCase() : derivedId('gg-event-id', id);
}

export function encodeMetadata(metadata: EventMetadata, gg: GgMetadata): Record<string, unknown> {
  return { ...normalizeMetadata(metadata), $gg: gg };
}

/**
 * Lenient on purpose: an event without our metadata (written by someone else) still reads, with an empty
 * hash, so the verifier names it instead of every projection stopping on it.
 */
export function decodeMetadata(raw: unknown): { metadata: EventMetadata; gg: GgMetadata | null } {
  const record = raw !== null && typeof raw === 'object' && !(raw instanceof Uint8Array) ? (raw as Record<string, unknown>) : {};
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
  const metadata: EventMetadata = {
    correlationId: text('correlationId'),
    causationId: typeof record.causationId === 'string' ? record.causationId : null,
    actor: text('actor'),
    source: text('source'),
    timestamp: text('timestamp'),
  };
  const gg = record.$gg as Partial<GgMetadata> | undefined;
  const valid =
    gg !== null &&
    typeof gg === 'object' &&
    typeof gg.id === 'string' &&
    typeof gg.hash === 'string' &&
    typeof gg.prevHash === 'string' &&
    typeof gg.schemaVersion === 'number';
  return { metadata, gg: valid ? { v: 1, id: gg.id!, schemaVersion: gg.schemaVersion!, prevHash: gg.prevHash!, hash: gg.hash! } : null };
}

/**
 * The events as the client sends them, chained onto `head`. Data goes through canonical JSON first so
 * what is stored is exactly what was hashed (a Date, say, would otherwise hash as {} and store as a string).
 */
export function encodeAppend(stream: string, events: readonly NewEvent[], head: StreamHead | null): EventData[] {
  let prevHash = head?.hash ?? '';
  let revision = head?.revision ?? -1;
  return events.map((event) => {
    revision += 1;
    const schemaVersion = event.schemaVersion ?? 1;
    const metadata = normalizeMetadata(event.metadata);
    const data = JSON.parse(canonicalJson(event.data)) as JSONType;
    const hash = eventHash(prevHash, { id: event.id, stream, revision, type: event.type, schemaVersion, data, metadata });
    const encoded = jsonEvent({
      id: esdbEventId(event.id),
      type: event.type,
      data,
      metadata: encodeMetadata(metadata, { v: 1, id: event.id, schemaVersion, prevHash, hash }),
    });
    prevHash = hash;
    return encoded as EventData;
  });
}

const UNKNOWN_POSITION = 2n ** 64n - 1n;

/** The commit position as our global position; servers before 22.6 leave it out of stream reads. */
export function positionOf(event: EsdbEventLike): number {
  const commit = event.position?.commit;
  if (commit === undefined || commit < 0n || commit === UNKNOWN_POSITION) {
    throw new Error(`EventStoreDB reported no log position for event ${event.id} in ${event.streamId}; stream reads carry it from server 22.6 on`);
  }
  if (commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`Log position ${commit} does not fit a JS number`);
  return Number(commit);
}

/** A stored event as our RecordedEvent; `stream` is our (unmapped) name for it. */
export function toRecordedEvent(raw: EsdbEventLike, stream: string): RecordedEvent {
  const { metadata, gg } = decodeMetadata(raw.metadata);
  return {
    id: gg?.id ?? raw.id,
    stream,
    revision: Number(raw.revision),
    position: positionOf(raw),
    type: raw.type,
    schemaVersion: gg?.schemaVersion ?? 1,
    data: raw.data,
    metadata,
    prevHash: gg?.prevHash ?? '',
    hash: gg?.hash ?? '',
  };
}

export function assertDistinctIds(events: readonly NewEvent[]): void {
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.id)) throw new EventIdConflictError(event.id, `Event id ${event.id} appears twice in one append.`);
    seen.add(event.id);
  }
}

/**
 * Decides a suspected retry from the stream's events that carry the append's ids: none → not a replay
 * (null); all, same content, consecutive → the original result; anything else → an id conflict.
 */
export function matchReplay(stream: string, events: readonly NewEvent[], found: ReadonlyMap<string, RecordedEvent>): AppendResult | null {
  if (found.size === 0) return null;
  const stored = events.map((event) => found.get(event.id));
  stored.forEach((record, i) => {
    const event = events[i];
    if (!record || record.type !== event.type || canonicalJson(record.data) !== canonicalJson(event.data)) {
      throw new EventIdConflictError(event.id, `Event id ${event.id} is already stored with other content, or a retried append does not match what was stored.`);
    }
    if (record.revision !== stored[0]!.revision + i) {
      throw new EventIdConflictError(event.id, `A retried append of ${events.length} events does not match what was stored.`);
    }
  });
  const last = stored[stored.length - 1]!;
  return { stream, nextExpectedRevision: last.revision, position: last.position, idempotentReplay: true };
}

/** A client read (a Node Readable) collected into an array; its errors reject. */
export async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
}
