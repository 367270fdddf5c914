/**
 * The event store port. Two adapters implement it (SQLite embedded, EventStoreDB for clusters) and both
 * must pass `event-store.contract.ts`. Semantics are described in specs/event-store.md.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'exists' | number;

/** Per-event metadata (design.md). `timestamp` is ISO-8601 UTC from the injected Clock. */
export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  actor: string;
  source: string;
  timestamp: string;
}

export interface NewEvent<TType extends string = string, TData = unknown> {
  /** Unique event id; appending an id that is already stored is an idempotent retry. */
  id: string;
  type: TType;
  data: TData;
  metadata: EventMetadata;
  schemaVersion?: number;
}

export interface RecordedEvent<TType extends string = string, TData = unknown> {
  id: string;
  stream: string;
  /** 0-based position within the stream. */
  revision: number;
  /** 1-based position in the global log; strictly increasing, no gaps. */
  position: number;
  type: TType;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
  /** Hash of the previous event of the same stream ('' for revision 0). */
  prevHash: string;
  /** sha256 over prevHash and the event's content (see hash-chain.ts). */
  hash: string;
}

export interface AppendResult {
  stream: string;
  /** Revision of the last event written (the next expected revision for a follow-up append). */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  position: number;
  /** True when every event id was already stored and nothing new was written. */
  idempotentReplay: boolean;
}

export interface ReadAllOptions {
  /** Read events with position strictly greater than this (0 = from the start). */
  after: number;
  maxCount?: number;
  /** Only these event types (the positions of others are still skipped over). */
  types?: readonly string[];
}

export interface ReadStreamOptions {
  fromRevision?: number;
  /** Only events with a global position ≤ this (state "as of"). */
  toPosition?: number;
  maxCount?: number;
}

/**
 * Receives events in global order. `through` is the position the subscription has scanned up to: with a
 * type filter it can be past the last event handed over, so checkpoints advance over foreign events too.
 */
export type SubscriptionHandler = (events: RecordedEvent[], through: number) => Promise<void>;

export interface ReadBatch {
  events: RecordedEvent[];
  /** Every event with a position ≤ through and > after has been considered. */
  through: number;
}

export interface SubscribeOptions {
  after: number;
  batchSize?: number;
  types?: readonly string[];
  /** Called when the handler throws; the subscription stops. Callers that must not stop retry inside the handler. */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Position of the last event handed to the handler. */
  readonly position: number;
  /** Resolves once the subscription has caught up with the head it saw at least once. */
  readonly caughtUp: Promise<void>;
  stop(): Promise<void>;
}

export interface EventStore {
  append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Like readAll, and says how far it looked (for filtered reads that skip foreign events). */
  readBatch(options: ReadAllOptions): Promise<ReadBatch>;
  /** Catches up from `after`, then follows live appends: no gap, no duplicate at the switch. */
  subscribe(handler: SubscriptionHandler, options: SubscribeOptions): Subscription;
  /** Position of the newest event (0 when empty). */
  headPosition(): Promise<number>;
  /** Revision of the stream's newest event, or -1 when the stream does not exist. */
  streamRevision(stream: string): Promise<number>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/** What the verifier must know about the adapter in use. */
export interface EventStoreTraits {
  /** SQLite numbers positions 1, 2, 3…, so a hole is a deleted event; EventStoreDB's positions are sparse. */
  contiguousPositions: boolean;
}

export const EVENT_STORE_TRAITS = Symbol('EVENT_STORE_TRAITS');
