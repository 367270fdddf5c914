import type { DataSource } from 'typeorm';
import type { Clock } from '../clock/clock.js';
import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port.js';
import { ConsumerCheckpointEntity } from '../persistence/consumer-checkpoint.entity.js';
import { ParkedEventEntity } from './parked-event.entity.js';
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
      this.subscriptions.set(
        manager.name,
        this.store.subscribe((events, through) => this.handleBatch(manager, events, through), {
          after,
          batchSize: this.options.batchSize ?? 100,
          types: manager.handles,
        }),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.subscriptions.values()].map((subscription) => subscription.stop()));
    this.subscriptions.clear();
  }

  async status(): Promise<ProcessStatus[]> {
    const head = await this.store.headPosition();
    const checkpoints = await this.dataSource.getRepository(ConsumerCheckpointEntity).findBy({ kind: 'process' });
    const parked = await this.dataSource.getRepository(ParkedEventEntity).find();
    return this.managers.map((manager) => {
      const position = this.subscriptions.get(manager.name)?.position ?? checkpoints.find((c) => c.name === manager.name)?.position ?? 0;
      return {
        name: manager.name,
        position,
        lag: Math.max(0, head - position),
        running: this.subscriptions.has(manager.name),
        parked: parked.filter((entry) => entry.consumer === manager.name).length,
      };
    });
  }

  /** Resolves once every process manager has handled the log through `position` (tests, shutdown). */
  async waitFor(position: number, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    while ([...this.subscriptions.values()].some((subscription) => subscription.position < position)) {
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

  private async handleBatch(manager: ProcessManager, events: readonly RecordedEvent[], through: number): Promise<void> {
    if (manager.concurrencyKey) {
      const groups = new Map<string, RecordedEvent[]>();
      for (const event of events) {
        const key = manager.concurrencyKey(event);
        groups.set(key, [...(groups.get(key) ?? []), event]);
      }
      await Promise.all([...groups.values()].map(async (group) => {
        for (const event of group) await this.handleOne(manager, event);
      }));
    } else {
      for (const event of events) await this.handleOne(manager, event);
    }
    await this.dataSource.getRepository(ConsumerCheckpointEntity).update({ name: manager.name }, { position: through });
  }

  private async handleOne(manager: ProcessManager, event: RecordedEvent): Promise<void> {
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
