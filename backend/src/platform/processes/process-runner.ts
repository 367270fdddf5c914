import type { DataSource } from 'typeorm';
import type { Clock } from '../clock/clock.js';
import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port.js';
import { ConsumerCheckpointEntity } from '../persistence/consumer-checkpoint.entity.js';
import { ParkedEventEntity } from './parked-event.entity.js';
import { ProcessLane } from './process-lane.js';
import type { ProcessManager } from './process-manager.js';

export interface ProcessRunnerOptions {
  retryBaseMs?: number;
  maxAttempts?: number;
  batchSize?: number;
  onParked?: (parked: ParkedEventEntity, error: unknown) => void;
}

export interface ProcessStatus {
  name: string;
  position: number;
  lag: number;
  running: boolean;
  parked: number;
}

/**
 * Hosts process managers on the durable log: each has its own checkpoint, so a restart resumes where it
 * stopped. A handler that throws is retried with exponential backoff, then the event is parked with the
 * error (admin health shows it) and the stream goes on: one poisoned event never stops the process.
 */
export class ProcessRunner {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly lanes = new Map<string, ProcessLane>();
  private readonly saving = new Map<string, Promise<unknown>>();
  private readonly wanted = new Map<string, number>();
  private readonly retryBaseMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly managers: readonly ProcessManager[],
    private readonly clock: Clock,
    private readonly options: ProcessRunnerOptions = {},
  ) {
    this.retryBaseMs = options.retryBaseMs ?? 200;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  async start(): Promise<void> {
    for (const manager of this.managers) {
      const after = await this.checkpoint(manager.name);
      const lane = new ProcessLane(
        after,
        (event) => manager.concurrencyKey?.(event) ?? '',
        (event) => this.handleOne(manager, event),
        (position) => this.saveCheckpoint(manager.name, position),
      );
      this.lanes.set(manager.name, lane);
      this.subscriptions.set(
        manager.name,
        this.store.subscribe((events, through) => lane.enqueue(events, through), {
          after,
          batchSize: this.options.batchSize ?? 100,
          types: manager.handles,
        }),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.subscriptions.values()].map((subscription) => subscription.stop()));
    await Promise.all([...this.lanes.values()].map((lane) => lane.stop()));
    await Promise.all([...this.saving.values()]);
    this.subscriptions.clear();
    this.lanes.clear();
  }

  /**
   * Checkpoint writes are coalesced (at most one in flight per manager, always the newest watermark) and never
   * move backwards. Handlers are idempotent, so a checkpoint a little behind only means redelivery.
   */
  private saveCheckpoint(name: string, position: number): void {
    const wanted = this.wanted.get(name) ?? 0;
    if (position <= wanted) return;
    this.wanted.set(name, position);
    if (this.saving.has(name)) return;
    const write = async (): Promise<void> => {
      const target = this.wanted.get(name)!;
      await this.dataSource.getRepository(ConsumerCheckpointEntity).update({ name }, { position: target }).catch(() => undefined);
      if ((this.wanted.get(name) ?? 0) > target) return write();
    };
    this.saving.set(name, write().finally(() => this.saving.delete(name)));
  }

  async status(): Promise<ProcessStatus[]> {
    const head = await this.store.headPosition();
    const checkpoints = await this.dataSource.getRepository(ConsumerCheckpointEntity).findBy({ kind: 'process' });
    const parked = await this.dataSource.getRepository(ParkedEventEntity).find();
    return this.managers.map((manager) => {
      const position = this.lanes.get(manager.name)?.watermark ?? checkpoints.find((c) => c.name === manager.name)?.position ?? 0;
      return {
        name: manager.name,
        position,
        lag: Math.max(0, head - position),
        running: this.lanes.has(manager.name),
        parked: parked.filter((entry) => entry.consumer === manager.name).length,
      };
    });
  }

  /** Resolves once every process manager has handled the log through `position` (tests, shutdown). */
  async waitFor(position: number, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    while ([...this.lanes.values()].some((lane) => lane.watermark < position)) {
      if (Date.now() - started > timeoutMs) throw new Error(`process managers did not reach position ${position}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private async checkpoint(name: string): Promise<number> {
    const repository = this.dataSource.getRepository(ConsumerCheckpointEntity);
    const existing = await repository.findOneBy({ name });
    if (existing) return existing.position;
    await repository.save({ name, kind: 'process', version: 1, position: 0 });
    return 0;
  }

  /** Never throws: a handler that keeps failing parks its event, and a failure to park is logged by the caller's hook. */
  private async handleOne(manager: ProcessManager, event: RecordedEvent): Promise<void> {
    try {
      await this.attempt(manager, event);
    } catch (error) {
      this.options.onParked?.({ id: `${manager.name}:${event.position}`, consumer: manager.name, position: event.position, eventId: event.id, eventType: event.type, stream: event.stream, attempts: 0, error: `could not park: ${String(error)}`, parkedAt: this.clock.now().toISOString() }, error);
    }
  }

  private async attempt(manager: ProcessManager, event: RecordedEvent): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      try {
        await manager.handle(event);
        return;
      } catch (error) {
        lastError = error;
        if (attempt < this.maxAttempts) await new Promise((resolve) => setTimeout(resolve, this.retryBaseMs * 2 ** (attempt - 1)));
      }
    }
    const parked: ParkedEventEntity = {
      id: `${manager.name}:${event.position}`,
      consumer: manager.name,
      position: event.position,
      eventId: event.id,
      eventType: event.type,
      stream: event.stream,
      attempts: this.maxAttempts,
      error: lastError instanceof Error ? lastError.message : String(lastError),
      parkedAt: this.clock.now().toISOString(),
    };
    await this.dataSource.getRepository(ParkedEventEntity).save(parked);
    this.options.onParked?.(parked, lastError);
  }
}
