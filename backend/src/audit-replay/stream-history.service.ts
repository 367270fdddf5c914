import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../platform/errors/domain-error.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../platform/event-store/event-store.port.js';
import type { AsOf } from './auditor-request.parser.js';
import { foldFor, type StreamFold } from './stream-folds.js';

/** An event as auditors see it: exactly what is stored and hashed (the stream is named once, above). */
export type HistoryEvent = Omit<RecordedEvent, 'stream'>;

export interface TimelineEntry extends HistoryEvent {
  /** The aggregate's state right after this event; null for streams without a known fold. */
  state: unknown;
}

export interface StreamHistoryView<TEvent extends HistoryEvent = HistoryEvent> {
  stream: string;
  /** The aggregate whose `evolve` folded the state ('task'), or null: then `state` is null. */
  aggregate: string | null;
  /** The point asked for (null = now). */
  at: AsOf | null;
  /** Global position of the last event included (0 when none is). */
  through: number;
  events: TEvent[];
  state: unknown;
  /** Set when an event could not be folded (e.g. a type this version does not know); state is null from there on. */
  foldError?: string;
}

/**
 * Replays one stream for auditors (AUD-4): its events with the state folded by the aggregate's own pure
 * `evolve` — after each event (a task's timeline) or as of a position or time. Reads the event store, never
 * a read model, so deleted tasks keep their history (GAL-2).
 */
@Injectable()
export class StreamHistory {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Every event of the stream, each with the state after it. */
  async timeline(stream: string): Promise<StreamHistoryView<TimelineEntry>> {
    const events = await this.existing(stream);
    const fold = foldFor(stream);
    const folding = new Folding(fold);
    const entries = events.map((event) => ({ ...withoutStream(event), state: folding.apply(event) }));
    return view(stream, fold, null, events, entries, folding);
  }

  /** The stream's events up to a position or time, and the state as of then (a point before the stream: none, 200). */
  async asOf(stream: string, at: AsOf | null): Promise<StreamHistoryView> {
    await this.existing(stream, 1);
    const events = at && 'position' in at
      ? await this.store.readStream(stream, { toPosition: at.position })
      : takeUntil(await this.store.readStream(stream), at?.time);
    const fold = foldFor(stream);
    const folding = new Folding(fold);
    for (const event of events) folding.apply(event);
    return view(stream, fold, at, events, events.map(withoutStream), folding);
  }

  private async existing(stream: string, maxCount?: number): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(stream, maxCount === undefined ? {} : { maxCount });
    if (events.length === 0) {
      throw new DomainError('stream_not_found', `No stream is named ${stream}.`, { userAction: 'Check the stream name (e.g. task-<id>) or the task id.' });
    }
    return events;
  }
}

/** The prefix of the stream recorded at or before `time` (a prefix, so the fold stays a real past state). */
function takeUntil(events: RecordedEvent[], time: string | undefined): RecordedEvent[] {
  if (time === undefined) return events;
  const limit = Date.parse(time);
  const end = events.findIndex((event) => Date.parse(event.metadata.timestamp) > limit);
  return end < 0 ? events : events.slice(0, end);
}

class Folding {
  state: unknown;
  error: string | undefined;

  constructor(private readonly fold: StreamFold | null) {
    this.state = fold ? fold.initialState() : null;
  }

  apply(event: RecordedEvent): unknown {
    if (!this.fold || this.error !== undefined) return null;
    try {
      this.state = this.fold.evolve(this.state, event);
    } catch (error) {
      this.error = `event at position ${event.position} (${event.type}) could not be folded: ${error instanceof Error ? error.message : String(error)}`;
      this.state = null;
    }
    return this.state;
  }
}

function view<TEvent extends HistoryEvent>(
  stream: string,
  fold: StreamFold | null,
  at: AsOf | null,
  events: readonly RecordedEvent[],
  entries: TEvent[],
  folding: Folding,
): StreamHistoryView<TEvent> {
  return {
    stream,
    aggregate: fold?.aggregate ?? null,
    at,
    through: events.at(-1)?.position ?? 0,
    events: entries,
    state: folding.state,
    ...(folding.error !== undefined ? { foldError: folding.error } : {}),
  };
}

function withoutStream(event: RecordedEvent): HistoryEvent {
  const { stream: _stream, ...rest } = event;
  return rest;
}
