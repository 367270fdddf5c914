import { LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../clock/clock.js';
import { DeadlineEntity, DeadlineFiringEntity } from './deadline.entity.js';

export type DeadlineHandler = (deadline: DeadlineEntity) => Promise<void>;

export interface ScheduledDeadline {
  id: string;
  owner: string;
  dueAt: Date | number;
  kind: string;
  payload: Record<string, unknown>;
}

/** Schedule and cancel inside a projector's transaction, so the timer and the checkpoint move together. */
export const Deadlines = {
  async schedule(manager: EntityManager, deadline: ScheduledDeadline): Promise<void> {
    await manager.upsert(DeadlineEntity, { ...deadline, dueAt: new Date(deadline.dueAt).getTime() } as DeadlineEntity as never, ['id']);
  },
  async cancel(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(DeadlineEntity, { id });
  },
};

export interface DeadlineSchedulerOptions {
  tickMs: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  batchSize?: number;
  onError?: (deadline: DeadlineEntity, error: unknown, parked: boolean) => void;
}

/**
 * Fires due deadlines through registered handlers, at most once each when they succeed: a successful
 * firing is recorded before the row is (later) removed by the event the command produced. A failed
 * firing is retried with backoff, then parked. Handlers issue idempotent commands (ids derived from the
 * deadline id), so a crash between the command and the record fires a harmless duplicate.
 */
export class DeadlineScheduler {
  private readonly handlers = new Map<string, DeadlineHandler>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<number> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly options: DeadlineSchedulerOptions,
  ) {}

  register(kind: string, handler: DeadlineHandler): void {
    if (this.handlers.has(kind)) throw new Error(`A deadline handler for ${kind} is already registered`);
    this.handlers.set(kind, handler);
  }

  start(): void {
    if (this.timer) return;
    const loop = async () => {
      try {
        await this.tick();
      } finally {
        if (this.timer) this.timer = setTimeout(loop, this.options.tickMs);
      }
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Fires what is due now; returns how many were fired successfully. */
  async tick(): Promise<number> {
    if (this.ticking) return this.ticking;
    this.ticking = this.fireDue().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async fireDue(): Promise<number> {
    const now = this.clock.now().getTime();
    const due = await this.dataSource.getRepository(DeadlineEntity).find({
      where: { dueAt: LessThanOrEqual(now) },
      order: { dueAt: 'ASC' },
      take: this.options.batchSize ?? 200,
    });
    if (due.length === 0) return 0;
    const firings = this.dataSource.getRepository(DeadlineFiringEntity);
    let fired = 0;
    for (const deadline of due) {
      const record = await firings.findOneBy({ id: deadline.id });
      if (record && (record.status !== 'retry' || record.nextAttemptAt > now)) continue;
      const handler = this.handlers.get(deadline.kind);
      const attempts = (record?.attempts ?? 0) + 1;
      try {
        if (!handler) throw new Error(`No handler is registered for deadlines of kind ${deadline.kind}`);
        await handler(deadline);
        await firings.save({ id: deadline.id, status: 'fired', attempts, nextAttemptAt: now, lastError: null });
        fired += 1;
      } catch (error) {
        const parked = attempts >= (this.options.maxAttempts ?? 5);
        const backoff = (this.options.retryBaseMs ?? 1000) * 2 ** (attempts - 1);
        await firings.save({
          id: deadline.id,
          status: parked ? 'parked' : 'retry',
          attempts,
          nextAttemptAt: now + backoff,
          lastError: error instanceof Error ? error.message : String(error),
        });
        this.options.onError?.(deadline, error, parked);
      }
    }
    return fired;
  }

  async pending(): Promise<{ scheduled: number; parked: number }> {
    const scheduled = await this.dataSource.getRepository(DeadlineEntity).count();
    const parked = await this.dataSource.getRepository(DeadlineFiringEntity).countBy({ status: 'parked' });
    return { scheduled, parked };
  }
}
