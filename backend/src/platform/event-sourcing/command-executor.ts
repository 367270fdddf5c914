import type { Clock } from '../clock/clock.js';
import type { EventMetadata, EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import { WrongExpectedRevisionError } from '../event-store/event-store.errors.js';
import { derivedId } from '../ids/id-source.js';
import type { Decider, DomainEvent } from './decider.js';

export interface CommandContext {
  /** Unique per command; event ids derive from it, so a retried command appends nothing twice. */
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: string;
  source: string;
}

export interface Executed<TState> {
  state: TState;
  /** Global position of the last event written (or of the stream head when nothing was written). */
  position: number;
  events: RecordedEvent[];
}

/**
 * Loads a stream, folds it, decides and appends with the expected revision. A concurrent writer makes it
 * re-read and decide again (bounded); the decider stays pure and the store keeps the stream consistent.
 */
export async function executeCommand<TState, TCommand, TEvent extends DomainEvent>(
  store: EventStore,
  clock: Clock,
  stream: string,
  decider: Decider<TState, TCommand, TEvent>,
  command: TCommand,
  context: CommandContext,
  maxAttempts = 5,
): Promise<Executed<TState>> {
  for (let attempt = 1; ; attempt += 1) {
    const history = await store.readStream(stream);
    let state = decider.initialState();
    for (const event of history) state = decider.evolve(state, event as unknown as TEvent);
    const decided = decider.decide(command, state);
    if (decided.length === 0) {
      return { state, position: history.at(-1)?.position ?? 0, events: [] };
    }
    const metadata: EventMetadata = {
      correlationId: context.correlationId,
      causationId: context.causationId,
      actor: context.actor,
      source: context.source,
      timestamp: clock.now().toISOString(),
    };
    try {
      const result = await store.append(
        stream,
        decided.map((event, index) => ({ id: derivedId(context.commandId, index), type: event.type, data: event.data, metadata })),
        { expectedRevision: history.length === 0 ? 'no_stream' : history.length - 1 },
      );
      for (const event of decided) state = decider.evolve(state, event);
      const written = result.idempotentReplay ? [] : await store.readStream(stream, { fromRevision: history.length });
      return { state, position: result.position, events: written };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) throw error;
    }
  }
}
