import { EventEmitter } from 'node:events';
import type { EventMetadata } from './event-store.port.js';

/**
 * The doorbell every adapter's subscriptions wait on (see followLog): `count` moves on each append this
 * process makes or is told about, and `wait` resolves at once if it moved since `seen`, else on the next
 * ring, a poll tick (appends by other processes), or abort.
 */
export class AppendSignal {
  private rings = 0;
  private readonly emitter = new EventEmitter();

  constructor(private readonly pollIntervalMs: number) {
    this.emitter.setMaxListeners(0);
  }

  get count(): number {
    return this.rings;
  }

  ring(): void {
    this.rings += 1;
    this.emitter.emit('ring');
  }

  /** Wakes every waiter without counting an append (the store is closing). */
  wakeAll(): void {
    this.emitter.emit('ring');
  }

  wait(signal: AbortSignal, seen: number): Promise<void> {
    if (this.rings !== seen || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off('ring', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.emitter.once('ring', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** Exactly the five metadata fields every stored event carries, in one place for every adapter. */
export function normalizeMetadata(metadata: EventMetadata): EventMetadata {
  return {
    correlationId: metadata.correlationId,
    causationId: metadata.causationId ?? null,
    actor: metadata.actor,
    source: metadata.source,
    timestamp: metadata.timestamp,
  };
}
