import { DomainError } from '../errors/domain-error.js';
import type { ExpectedRevision } from './event-store.port.js';

/** The stream's revision did not match the expected one: another writer got there first. */
export class WrongExpectedRevisionError extends DomainError {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super('concurrency_conflict', `Stream ${stream} is at revision ${actual}, expected ${String(expected)}.`, {
      userAction: 'Reload and try again; someone else changed this at the same time.',
      metadata: { stream, expected: String(expected), actual },
    });
  }
}

/** An event id that is already stored in another stream or at another place. */
export class EventIdConflictError extends DomainError {
  constructor(readonly eventId: string, readonly detailText: string) {
    super('event_id_conflict', detailText, {
      userAction: 'Use a new event id; this one is already stored for different content.',
      metadata: { eventId },
    });
  }
}
