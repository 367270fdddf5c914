import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadBatch,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from './event-store.port.js';
import { EventIdConflictError, WrongExpectedRevisionError } from './event-store.errors.js';
import { canonicalJson, eventHashOfCanonical } from './hash-chain.js';
import { followLog } from './subscription.js';
import { AppendSignal, normalizeMetadata } from './append-signal.js';

export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'EXTRA';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' for tests that need no durability. */
  filename: string;
  synchronous?: SqliteSynchronous;
  /** How often a subscriber looks for appends made by another process (ms). */
  pollIntervalMs?: number;
  busyTimeoutMs?: number;
}

interface EventRow {
  position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  prev_hash: string;
  hash: string;
}

const SYNCHRONOUS_CODES: Record<SqliteSynchronous, number> = { NORMAL: 1, FULL: 2, EXTRA: 3 };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id       TEXT    NOT NULL UNIQUE,
  stream         TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  prev_hash      TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream   TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  hash     TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
`;

/**
 * Embedded event store on better-sqlite3: one long-lived connection, WAL, synchronous=FULL by default so
 * an acknowledged append survives power loss. Pragmas are read back at open and a mismatch is an error.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended: AppendSignal;
  private closed = false;
  private readonly filtered = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly statements: ReturnType<SqliteEventStore['prepare']>;
  private readonly appendTx: Database.Transaction<(stream: string, events: readonly NewEvent[], expected: ExpectedRevision) => AppendResult>;

  constructor(options: SqliteEventStoreOptions) {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
    this.db = new Database(options.filename);
    this.appended = new AppendSignal(options.pollIntervalMs ?? 200);
    this.configure(options);
    this.db.exec(SCHEMA);
    this.statements = this.prepare();
    this.appendTx = this.db.transaction((stream, events, expected) => this.appendInTransaction(stream, events, expected));
  }

  private configure(options: SqliteEventStoreOptions): void {
    const synchronous = options.synchronous ?? 'FULL';
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (options.filename !== ':memory:') {
      const mode = String(this.db.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
      if (mode !== 'wal') throw new Error(`Event store ${options.filename}: journal_mode is ${mode}, WAL was required`);
    }
    this.db.pragma(`synchronous = ${synchronous}`);
    const actual = Number(this.db.pragma('synchronous', { simple: true }));
    if (actual !== SYNCHRONOUS_CODES[synchronous]) {
      throw new Error(`Event store ${options.filename}: synchronous is ${actual}, ${synchronous} was required`);
    }
  }

  private prepare() {
    const db = this.db;
    return {
      findById: db.prepare<[string], { position: number; stream: string; revision: number; hash: string; data: string; type: string }>(
        'SELECT position, stream, revision, hash, data, type FROM events WHERE event_id = ?',
      ),
      head: db.prepare<[string], { revision: number; hash: string }>('SELECT revision, hash FROM streams WHERE stream = ?'),
      insert: db.prepare(
        `INSERT INTO events (event_id, stream, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         VALUES (@id, @stream, @revision, @type, @schemaVersion, @data, @metadata, @recordedAt, @prevHash, @hash)`,
      ),
      upsertHead: db.prepare(
        `INSERT INTO streams (stream, revision, hash) VALUES (?, ?, ?)
         ON CONFLICT(stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash`,
      ),
      maxPosition: db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events'),
      readAll: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      readStream: db.prepare<[string, number, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND revision >= ? AND position <= ? ORDER BY revision LIMIT ?',
      ),
    };
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const result = this.appendTx.immediate(stream, events, options.expectedRevision);
    if (!result.idempotentReplay) {
      this.appended.ring();
    }
    return result;
  }

  private appendInTransaction(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult {
    const replay = this.idempotentReplay(stream, events);
    if (replay) return replay;
    const head = this.statements.head.get(stream);
    const current = head ? head.revision : -1;
    checkExpected(stream, expected, current);
    let prevHash = head ? head.hash : '';
    let revision = current;
    let position = 0;
    for (const event of events) {
      revision += 1;
      const schemaVersion = event.schemaVersion ?? 1;
      const metadata = normalizeMetadata(event.metadata);
      const dataJson = canonicalJson(event.data);
      const metadataJson = canonicalJson(metadata);
      const hash = eventHashOfCanonical(prevHash, { id: event.id, stream, revision, type: event.type, schemaVersion }, dataJson, metadataJson);
      try {
        const info = this.statements.insert.run({
          id: event.id,
          stream,
          revision,
          type: event.type,
          schemaVersion,
          data: dataJson,
          metadata: metadataJson,
          recordedAt: metadata.timestamp,
          prevHash,
          hash,
        });
        position = Number(info.lastInsertRowid);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new EventIdConflictError(event.id, `Event id ${event.id} is already stored; an append must be retried whole.`);
        }
        throw error;
      }
      prevHash = hash;
    }
    this.statements.upsertHead.run(stream, revision, prevHash);
    return { stream, nextExpectedRevision: revision, position, idempotentReplay: false };
  }

  /** A retried append (same first event id) answers with the original result and writes nothing. */
  private idempotentReplay(stream: string, events: readonly NewEvent[]): AppendResult | undefined {
    const first = this.statements.findById.get(events[0].id);
    if (!first) return undefined;
    if (first.stream !== stream || first.type !== events[0].type || first.data !== canonicalJson(events[0].data)) {
      throw new EventIdConflictError(events[0].id, `Event id ${events[0].id} is already stored with other content or in another stream.`);
    }
    const last = this.statements.findById.get(events[events.length - 1].id);
    if (!last || last.stream !== stream) {
      throw new EventIdConflictError(events[0].id, `A retried append of ${events.length} events does not match what was stored.`);
    }
    return { stream, nextExpectedRevision: last.revision, position: last.position, idempotentReplay: true };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const rows = this.statements.readStream.all(
      stream,
      options.fromRevision ?? 0,
      options.toPosition ?? Number.MAX_SAFE_INTEGER,
      options.maxCount ?? -1,
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAllSync(options);
  }

  private readAllSync(options: ReadAllOptions): RecordedEvent[] {
    return this.readBatchSync(options).events;
  }

  /** One prepared statement per distinct type list (every subscriber reads on every append). */
  private filteredStatement(types: readonly string[]): Database.Statement<unknown[], EventRow> {
    const key = types.join('\u001f');
    let statement = this.filtered.get(key);
    if (!statement) {
      const placeholders = types.map(() => '?').join(',');
      statement = this.db.prepare<unknown[], EventRow>(
        `SELECT * FROM events WHERE position > ? AND position <= ? AND type IN (${placeholders}) ORDER BY position LIMIT ?`,
      );
      this.filtered.set(key, statement);
    }
    return statement;
  }

  async readBatch(options: ReadAllOptions): Promise<ReadBatch> {
    this.assertOpen();
    return this.readBatchSync(options);
  }

  /** Synchronous, so no append of this process can fall between reading the head and the rows. */
  private readBatchSync(options: ReadAllOptions): ReadBatch {
    const limit = options.maxCount ?? 1000;
    if (!options.types) {
      const events = this.statements.readAll.all(options.after, limit).map(toRecorded);
      return { events, through: events.length > 0 ? events[events.length - 1].position : options.after };
    }
    const head = this.statements.maxPosition.get()?.p ?? 0;
    const rows = this.filteredStatement(options.types).all(options.after, head, ...options.types, limit);
    const events = rows.map(toRecorded);
    const through = events.length === limit ? events[events.length - 1].position : Math.max(head, options.after);
    return { events, through };
  }

  subscribe(handler: SubscriptionHandler, options: SubscribeOptions): Subscription {
    this.assertOpen();
    return followLog({
      read: (after, maxCount) => this.readBatch({ after, maxCount, types: options.types }),
      appendCount: () => this.appended.count,
      waitForAppend: (signal, seen) => this.appended.wait(signal, seen),
      handler,
      options,
    });
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.statements.maxPosition.get()?.p ?? 0;
  }

  async streamRevision(stream: string): Promise<number> {
    this.assertOpen();
    return this.statements.head.get(stream)?.revision ?? -1;
  }

  /** The raw connection, for the crash test and the tamper tests only. */
  get database(): Database.Database {
    return this.db;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.appended.wakeAll();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Event store is closed');
  }
}

function checkExpected(stream: string, expected: ExpectedRevision, current: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === -1) ||
    (expected === 'exists' && current >= 0) ||
    (typeof expected === 'number' && expected === current);
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, current);
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
