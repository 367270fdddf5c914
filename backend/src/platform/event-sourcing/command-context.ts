import { currentCorrelationId } from '../logging/request-context.js';
import { derivedId } from '../ids/id-source.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { CommandContext } from './command-executor.js';

/** Context for a command a person or client asked for over HTTP. */
export function requestCommandContext(commandId: string, actor: string, source: string): CommandContext {
  return { commandId, correlationId: currentCorrelationId() ?? commandId, causationId: null, actor, source };
}

/**
 * Context for a command a process issues because of `cause`: its id derives from the causing event and a
 * purpose, so a redelivered event issues the very same command and the store ignores the repeat.
 */
export function causedCommandContext(cause: RecordedEvent, purpose: string, actor: string): CommandContext {
  return {
    commandId: derivedId(cause.id, purpose),
    correlationId: cause.metadata.correlationId,
    causationId: cause.id,
    actor,
    source: 'internal',
  };
}

/** Context for a command a background part issues on its own (polling, deadlines), with a stable id. */
export function systemCommandContext(commandId: string, actor: string, correlationId: string): CommandContext {
  return { commandId, correlationId, causationId: null, actor, source: 'internal' };
}
