import type { ReadBatch, SubscribeOptions, Subscription, SubscriptionHandler } from './event-store.port.js';

export interface FollowLogParts {
  read: (after: number, maxCount: number) => Promise<ReadBatch>;
  /** A counter that changes on every local append; read before each read so no notice falls between. */
  appendCount: () => number;
  /** Resolves at once if appendCount moved past `seen`, else on the next append, a poll tick, or abort. */
  waitForAppend: (signal: AbortSignal, seen: number) => Promise<void>;
  handler: SubscriptionHandler;
  options: SubscribeOptions;
}

/**
 * Catch-up then live, as one loop over the log by position: the "live" phase is the same read as catch-up
 * woken by an append notice, so there is no switch-over where an event could be missed or seen twice.
 * Backlogs drain without sleeping; it waits only when a read comes back empty.
 */
export function followLog(parts: FollowLogParts): Subscription {
  const { read, appendCount, waitForAppend, handler, options } = parts;
  const batchSize = options.batchSize ?? 1000;
  const controller = new AbortController();
  let position = options.after;
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));

  const loop = (async () => {
    try {
      while (!controller.signal.aborted) {
        const seen = appendCount();
        const batch = await read(position, batchSize);
        if (controller.signal.aborted) break;
        if (batch.through > position) {
          await handler(batch.events, batch.through);
          position = batch.through;
          if (batch.events.length === batchSize) continue;
        }
        markCaughtUp();
        await waitForAppend(controller.signal, seen);
      }
    } catch (error) {
      if (!controller.signal.aborted) options.onError?.(error);
    } finally {
      markCaughtUp();
    }
  })();

  return {
    get position() {
      return position;
    },
    caughtUp,
    async stop() {
      controller.abort();
      await loop;
    },
  };
}
