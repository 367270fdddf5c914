import {
  BACKWARDS, END, EventStoreDBClient, NO_STREAM, START, excludeSystemEvents, streamNameFilter,
  type AllStreamResolvedEvent, type AllStreamSubscription, type Position, type ReadPosition, type ReadRevision,
  type ReadStreamOptions as EsdbReadStreamOptions, type ResolvedEvent,
} from '@eventstore/db-client';
import type {
  AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadBatch, ReadStreamOptions, RecordedEvent,
  SubscribeOptions, Subscription, SubscriptionHandler,
} from './event-store.port.js';
import { EventIdConflictError } from './event-store.errors.js';
import {
  StreamNames, appendRevision, assertDistinctIds, checkExpectedRevision, claimEvent, claimOwner, collect, encodeAppend, isStreamNotFound,
  isWrongExpectedVersion, matchReplay, positionOf, toRecordedEvent, toWrongExpectedRevision, type EsdbEventLike,
} from './eventstoredb-mapping.js';
import { followLog } from './subscription.js';
import { AppendSignal } from './append-signal.js';

export interface EventStoreDbOptions {
  /** Prefix on every stored stream name; the store then sees only its own streams (tests sharing a server). */
  namespace?: string;
  /** The namespace is new, so everything already in $all is foreign: reads start at today's end instead of scanning it. */
  freshNamespace?: boolean;
  /** Longest a subscriber sleeps when the live notice is missing or broken (ms). */
  pollIntervalMs?: number;
}

/** Events per read request when scanning $all or a stream. */
const PAGE = 512;
/** An 'any'/'exists' append that lost a race re-reads the head and retries: the chain needs an exact revision. */
const APPEND_ATTEMPTS = 20;
/** After the live notification subscription fails, polling alone carries subscribers this long before it is retried. */
const NOTIFIER_RETRY_MS = 5000;

/**
 * EventStoreDB adapter (design.md "Event store", for clusters). Position = commit position: for the self-committed
 * writes gRPC appends make, that is each event's own log position, the same in stream and $all reads (server 22.6+).
 * Written without a live server to run against: see eventstoredb-event-store.int-spec.ts.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly appended: AppendSignal;
  private notifier: AllStreamSubscription | undefined;
  private notifierRetryAt = 0;
  private closed = false;

  static async connect(connectionString: string): Promise<EventStoreDbEventStore> {
    return EventStoreDbEventStore.open(EventStoreDBClient.connectionString(connectionString));
  }

  /** Takes ownership of `client` (close() disposes it). Fails fast if the server is unreachable or $all unreadable. */
  static async open(client: EventStoreDBClient, options: EventStoreDbOptions = {}): Promise<EventStoreDbEventStore> {
    try {
      const names = new StreamNames(options.namespace ?? '');
      const [last] = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
      const floor = options.freshNamespace && last?.event ? positionOf(last.event) : 0;
      return new EventStoreDbEventStore(client, names, floor, options.pollIntervalMs ?? 500);
    } catch (error) {
      await client.dispose();
      throw error;
    }
  }

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly names: StreamNames,
    /** Positions at or below this hold nothing of ours (a fresh namespace), so no read looks there. */
    private readonly floor: number,
    pollIntervalMs: number,
  ) {
    this.appended = new AppendSignal(pollIntervalMs);
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const stored = this.names.toStored(stream);
    const expected = options.expectedRevision;
    assertDistinctIds(events);
    // Only an id claimed before makes this a possible retry; fresh claims skip the stream scan.
    const claimedBefore = await this.claimIds(stream, events);
    const replay = claimedBefore ? await this.findReplay(stream, stored, events) : null;
    if (replay) return replay;
    const ids = new Set(events.map((event) => event.id));
    for (let attempt = 1; ; attempt += 1) {
      // The tail as long as the append: a concurrent copy of this append that just won shows up there.
      const tail = await this.tail(stored, stream, events.length);
      if (tail.some((event) => ids.has(event.id))) {
        const late = await this.findReplay(stream, stored, events);
        if (late) return late;
      }
      const head = tail[0] ?? null;
      checkExpectedRevision(stream, expected, head?.revision ?? -1);
      try {
        const expectedRevision = appendRevision(head?.revision ?? -1);
        const result = await this.client.appendToStream(stored, encodeAppend(stream, events, head), { expectedRevision, requiresLeader: true });
        this.noticeAppend();
        const revision = Number(result.nextExpectedRevision);
        const position = await this.appendedPosition(result.position, stored, revision);
        return { stream, nextExpectedRevision: revision, position, idempotentReplay: false };
      } catch (error) {
        const conflict = toWrongExpectedRevision(error, stream, expected);
        if (!conflict || attempt >= APPEND_ATTEMPTS) throw conflict ?? error;
        // Lost a race: the next turn re-reads the tail. A copy of this append that won returns as a replay, a
        // stale exact or no_stream expectation fails the check with the fresh revision, 'any' simply retries.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  /** Claims each id for this stream (the server dedupes ids only per stream); true if one was claimed before. */
  private async claimIds(stream: string, events: readonly NewEvent[]): Promise<boolean> {
    const before = await Promise.all(
      events.map(async (event) => {
        const claim = this.names.claim(event.id);
        try {
          await this.client.appendToStream(claim, claimEvent(stream, event.id), { expectedRevision: NO_STREAM, requiresLeader: true });
          return false;
        } catch (error) {
          if (!isWrongExpectedVersion(error)) throw error;
          const [first] = await this.readRaw(claim, { maxCount: 1, requiresLeader: true });
          if (claimOwner(first?.event?.data) === stream) return true;
          throw new EventIdConflictError(event.id, `Event id ${event.id} is already stored in another stream.`);
        }
      }),
    );
    return before.some(Boolean);
  }

  /** Scans the stream from its end for the append's ids (a retry usually finds them near the tail). */
  private async findReplay(stream: string, stored: string, events: readonly NewEvent[]): Promise<AppendResult | null> {
    const wanted = new Set(events.map((event) => event.id));
    const found = new Map<string, RecordedEvent>();
    let from: ReadRevision = END;
    for (;;) {
      const page = await this.readRaw(stored, { direction: BACKWARDS, fromRevision: from, maxCount: PAGE, requiresLeader: true });
      for (const { event } of page) {
        const recorded = event && toRecordedEvent(event, stream);
        if (recorded && wanted.has(recorded.id)) found.set(recorded.id, recorded);
      }
      const oldest = page[page.length - 1]?.event?.revision;
      if (found.size === wanted.size || page.length < PAGE || oldest === undefined || oldest === 0n) break;
      from = oldest - 1n;
    }
    return matchReplay(stream, events, found);
  }

  /** The stream's newest `count` events, newest first, read from the leader. */
  private async tail(stored: string, stream: string, count: number): Promise<RecordedEvent[]> {
    const raw = await this.readRaw(stored, { direction: BACKWARDS, fromRevision: END, maxCount: count, requiresLeader: true });
    return raw.flatMap(({ event }) => (event ? [toRecordedEvent(event, stream)] : []));
  }

  /** The server reports the last written event's commit position; it is read back only if that is missing. */
  private async appendedPosition(position: Position | undefined, stored: string, revision: number): Promise<number> {
    if (position && position.commit >= 0n && position.commit <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(position.commit);
    const [last] = await this.readRaw(stored, { fromRevision: BigInt(revision), maxCount: 1, requiresLeader: true });
    if (!last?.event) throw new Error(`Appended to ${stored} but cannot read back revision ${revision}`);
    return positionOf(last.event);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const fromRevision = BigInt(options.fromRevision ?? 0);
    const raw = await this.readRaw(this.names.toStored(stream), { fromRevision, maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER });
    const events = raw.flatMap(({ event }) => (event ? [toRecordedEvent(event, stream)] : []));
    // Positions grow with revision, so filtering after the limit equals SQLite's filter-then-limit.
    const toPosition = options.toPosition;
    return toPosition === undefined ? events : events.filter((event) => event.position <= toPosition);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.readBatch(options)).events;
  }

  /**
   * The client's readAll (v6) takes no server-side filter, so this pages through $all and keeps our own
   * non-system events of the wanted types; `through` is the last position looked at, ours or not.
   */
  async readBatch(options: ReadAllOptions): Promise<ReadBatch> {
    this.assertOpen();
    const limit = options.maxCount ?? 1000;
    const types = options.types ? new Set(options.types) : undefined;
    const events: RecordedEvent[] = [];
    let cursor = Math.max(options.after, this.floor);
    if (limit <= 0) return { events, through: options.after };
    const pageSize = Math.min(Math.max(limit + 1, 64), 4096);
    for (;;) {
      // A forward read from a position includes the event there; it was handled already and is skipped.
      const fromPosition: ReadPosition = cursor === 0 ? START : { commit: BigInt(cursor), prepare: BigInt(cursor) };
      const page = await collect(this.client.readAll({ fromPosition, maxCount: pageSize }));
      let moved = false;
      for (const { event } of page) {
        if (!event || positionOf(event) <= cursor) continue;
        cursor = positionOf(event);
        moved = true;
        const stream = this.ours(event);
        if (stream === undefined || (types && !types.has(event.type))) continue;
        events.push(toRecordedEvent(event, stream));
        if (events.length === limit) return { events, through: cursor };
      }
      if (!moved || page.length < pageSize) return { events, through: cursor };
    }
  }

  subscribe(handler: SubscriptionHandler, options: SubscribeOptions): Subscription {
    this.assertOpen();
    this.ensureNotifier();
    return followLog({
      read: (after, maxCount) => this.readBatch({ after, maxCount, types: options.types }),
      appendCount: () => this.appended.count,
      waitForAppend: (signal, seen) => this.waitForAppend(signal, seen),
      handler,
      options,
    });
  }

  /** Wakes on a local append or a live notice from the server at once, else after the poll interval. */
  private waitForAppend(signal: AbortSignal, seen: number): Promise<void> {
    this.ensureNotifier();
    return this.closed ? Promise.resolve() : this.appended.wait(signal, seen);
  }

  // One live $all subscription per store, used only as a doorbell: events are always read by readBatch,
  // so a lost notice costs a poll interval, never an event.
  private ensureNotifier(): void {
    if (this.notifier || this.closed || Date.now() < this.notifierRetryAt) return;
    const filter = this.names.namespace ? streamNameFilter({ prefixes: [this.names.namespace] }) : excludeSystemEvents();
    const notifier = this.client.subscribeToAll({ fromPosition: END, filter });
    const drop = () => {
      if (this.notifier === notifier) [this.notifier, this.notifierRetryAt] = [undefined, Date.now() + NOTIFIER_RETRY_MS];
    };
    notifier.on('data', () => this.noticeAppend());
    notifier.on('error', drop);
    notifier.on('close', drop);
    this.notifier = notifier;
  }

  private noticeAppend(): void {
    this.appended.ring();
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    let from: ReadPosition = END;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: PAGE }));
      for (const { event } of page) {
        if (event && positionOf(event) <= this.floor) return 0;
        if (event && this.ours(event) !== undefined) return positionOf(event);
      }
      const oldest: Position | undefined = page[page.length - 1]?.event?.position;
      if (page.length < PAGE || !oldest) return 0;
      from = oldest; // a backward read from a position excludes the event there
    }
  }

  async streamRevision(stream: string): Promise<number> {
    this.assertOpen();
    const [head] = await this.tail(this.names.toStored(stream), stream, 1);
    return head?.revision ?? -1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.appended.wakeAll();
    await this.notifier?.unsubscribe().catch(() => undefined);
    await this.client.dispose();
  }

  /** Our name for an event's stream, or undefined for system events, id claims and other namespaces. */
  private ours(event: EsdbEventLike): string | undefined {
    return event.type.startsWith('$') ? undefined : this.names.fromStored(event.streamId);
  }

  /** A stream read collected into an array; a stream that does not exist reads as empty. */
  private readRaw(stored: string, options: EsdbReadStreamOptions): Promise<ResolvedEvent[]> {
    return collect(this.client.readStream(stored, options)).catch((error: unknown) => {
      if (isStreamNotFound(error)) return [];
      throw error;
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Event store is closed');
  }
}
