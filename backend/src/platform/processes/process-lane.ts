import type { RecordedEvent } from '../event-store/event-store.port.js';

interface Slot {
  through: number;
  done: boolean;
}

/**
 * Runs one process manager's events: the same concurrency key in log order, different keys side by side,
 * without waiting for a whole batch (a slow deploy of one account must not hold up another's). The
 * checkpoint watermark only moves over a prefix of finished events, so a restart redelivers exactly the
 * unfinished ones. At most `limit` events are in flight.
 */
export class ProcessLane {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly slots: Slot[] = [];
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private watermarkValue: number;
  private stopped = false;

  constructor(
    start: number,
    private readonly keyOf: (event: RecordedEvent) => string,
    private readonly run: (event: RecordedEvent) => Promise<void>,
    private readonly onWatermark: (position: number) => void,
    private readonly limit = 256,
  ) {
    this.watermarkValue = start;
  }

  get watermark(): number {
    return this.watermarkValue;
  }

  /** Queues a batch; resolves once there is room for more (backpressure on the subscription). */
  async enqueue(events: readonly RecordedEvent[], through: number): Promise<void> {
    if (events.length === 0) {
      this.slots.push({ through, done: true });
      this.advance();
      return;
    }
    events.forEach((event, index) => {
      const slot: Slot = { through: index === events.length - 1 ? Math.max(through, event.position) : event.position, done: false };
      this.slots.push(slot);
      const key = this.keyOf(event);
      const next = (this.chains.get(key) ?? Promise.resolve()).then(async () => {
        // After stop, queued events are left unfinished: the watermark stays before them, so they are
        // delivered again on the next start instead of delaying shutdown.
        if (this.stopped) return;
        await this.run(event);
        slot.done = true;
      }).finally(() => {
        this.inFlight -= 1;
        if (this.chains.get(key) === next) this.chains.delete(key);
        this.advance();
        this.waiters.splice(0).forEach((wake) => wake());
      });
      this.chains.set(key, next);
      this.inFlight += 1;
    });
    while (this.inFlight > this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves when everything queued so far has finished. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
  }

  /** Lets the handlers already running finish, skips everything still queued. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.drain();
  }

  private advance(): void {
    let moved = false;
    while (this.slots.length > 0 && this.slots[0].done) {
      this.watermarkValue = this.slots.shift()!.through;
      moved = true;
    }
    if (moved) this.onWatermark(this.watermarkValue);
  }
}
