import { EventEmitter } from 'node:events';
import { LessThan, type DataSource, type EntityManager } from 'typeorm';
import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port.js';
import { ConsumerCheckpointEntity } from '../persistence/consumer-checkpoint.entity.js';
import { DomainError } from '../errors/domain-error.js';
import type { Projector } from './projector.js';

export interface ProjectionStatus {
  name: string;
  version: number;
  position: number;
  lag: number;
  state: 'stopped' | 'running' | 'parked';
  error: string | null;
}

export interface ProjectionRunnerOptions {
  batchSize?: number;
  retryBaseMs?: number;
  maxAttempts?: number;
  onParked?: (name: string, error: unknown) => void;
}

interface Lane {
  projector: Projector;
  position: number;
  /** Position last written to the checkpoint table (may trail `position` over foreign events). */
  saved: number;
  flushTimer: NodeJS.Timeout | null;
  subscription: Subscription | null;
  state: ProjectionStatus['state'];
  error: string | null;
}

/**
 * Runs projectors from their checkpoints: each batch is applied in one transaction together with the
 * checkpoint, so a crash never applies an event twice or skips one. Offers read-your-writes through
 * `waitFor(position)` and reports each projector's lag.
 */
export class ProjectionRunner {
  private readonly lanes: Lane[];
  private readonly advanced = new EventEmitter();
  private readonly batchSize: number;
  private readonly retryBaseMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    projectors: readonly Projector[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    const names = new Set<string>();
    for (const projector of projectors) {
      if (names.has(projector.name)) throw new Error(`Two projectors are named ${projector.name}`);
      names.add(projector.name);
    }
    this.lanes = projectors.map((projector) => ({ projector, position: 0, saved: 0, flushTimer: null, subscription: null, state: 'stopped', error: null }));
    this.batchSize = options.batchSize ?? 1000;
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.advanced.setMaxListeners(0);
  }

  /** Loads checkpoints (rebuilding projectors whose version changed) and follows the log. */
  async start(): Promise<void> {
    for (const lane of this.lanes) {
      lane.position = await this.prepare(lane.projector);
      lane.saved = lane.position;
      lane.state = 'running';
      lane.error = null;
      lane.subscription = this.store.subscribe((events, through) => this.applyWithRetry(lane, events, through), {
        after: lane.position,
        batchSize: this.batchSize,
        types: lane.projector.handles,
        onError: (error) => this.park(lane, error),
      });
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.lanes.map(async (lane) => {
      await lane.subscription?.stop();
      lane.subscription = null;
      if (lane.state === 'running') lane.state = 'stopped';
      await this.flush(lane);
    }));
  }

  /** Writes a checkpoint that only moved over events the projector does not handle. */
  private async flush(lane: Lane): Promise<void> {
    if (lane.flushTimer) clearTimeout(lane.flushTimer);
    lane.flushTimer = null;
    if (lane.position <= lane.saved) return;
    const position = lane.position;
    await this.dataSource.getRepository(ConsumerCheckpointEntity).update({ name: lane.projector.name, position: LessThan(position) }, { position });
    lane.saved = Math.max(lane.saved, position);
  }

  /** Empties a projector's tables and replays it from position 0 (admin rebuild, or a version change). */
  async rebuild(name: string): Promise<void> {
    const lane = this.lane(name);
    const wasRunning = lane.subscription !== null;
    await lane.subscription?.stop();
    lane.subscription = null;
    await this.reset(lane.projector);
    lane.position = 0;
    lane.state = 'stopped';
    if (wasRunning) {
      lane.state = 'running';
      lane.subscription = this.store.subscribe((events, through) => this.applyWithRetry(lane, events, through), {
        after: 0,
        batchSize: this.batchSize,
        types: lane.projector.handles,
        onError: (error) => this.park(lane, error),
      });
    }
  }

  /**
   * Resolves once every projector (or the named ones) has applied the log through `position`:
   * read-your-writes for a caller that must see its own append. Bounded: a timeout is an error.
   */
  async waitFor(position: number, options: { names?: readonly string[]; timeoutMs?: number } = {}): Promise<void> {
    const lanes = options.names ? options.names.map((name) => this.lane(name)) : this.lanes;
    const reached = () => lanes.every((lane) => lane.position >= position);
    if (reached()) return;
    const parked = lanes.find((lane) => lane.state === 'parked');
    if (parked) throw projectionUnavailable(parked.projector.name);
    await new Promise<void>((resolve, reject) => {
      const onAdvance = () => {
        if (reached()) finish(resolve);
        else {
          const stuck = lanes.find((lane) => lane.state === 'parked');
          if (stuck) finish(() => reject(projectionUnavailable(stuck.projector.name)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new DomainError('service_unavailable', `Read models did not reach position ${position} in time.`, {
        userAction: 'Try again in a moment.',
      }))), options.timeoutMs ?? 5000);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        this.advanced.off('advance', onAdvance);
        then();
      };
      this.advanced.on('advance', onAdvance);
    });
  }

  /** Runs every projector until it has applied the whole log (CLI, tests); does not follow new appends. */
  async catchUp(): Promise<void> {
    for (const lane of this.lanes) {
      if (lane.subscription) continue;
      lane.position = await this.prepare(lane.projector);
      for (;;) {
        const batch = await this.store.readBatch({ after: lane.position, maxCount: this.batchSize, types: lane.projector.handles });
        if (batch.through <= lane.position) break;
        await this.applyWithRetry(lane, batch.events, batch.through);
      }
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    return this.lanes.map((lane) => ({
      name: lane.projector.name,
      version: lane.projector.version,
      position: lane.position,
      lag: Math.max(0, head - lane.position),
      state: lane.state,
      error: lane.error,
    }));
  }

  get projectorNames(): string[] {
    return this.lanes.map((lane) => lane.projector.name);
  }

  private lane(name: string): Lane {
    const lane = this.lanes.find((candidate) => candidate.projector.name === name);
    if (!lane) throw new DomainError('not_found', `No projection is named ${name}.`, { userAction: `Use one of: ${this.projectorNames.join(', ')}.` });
    return lane;
  }

  private async prepare(projector: Projector): Promise<number> {
    const checkpoints = this.dataSource.getRepository(ConsumerCheckpointEntity);
    const checkpoint = await checkpoints.findOneBy({ name: projector.name });
    if (checkpoint && checkpoint.version === projector.version) return checkpoint.position;
    await this.reset(projector);
    return 0;
  }

  private async reset(projector: Projector): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const table of projector.tables) await manager.clear(table);
      await manager.save(ConsumerCheckpointEntity, { name: projector.name, kind: 'projection', version: projector.version, position: 0 });
    });
  }

  private async applyWithRetry(lane: Lane, events: readonly RecordedEvent[], through: number): Promise<void> {
    if (events.length === 0) {
      // Nothing to apply: no transaction per foreign event. Rows are idempotent per event, so a checkpoint
      // that trails over foreign events after a crash only means re-reading (and skipping) them.
      lane.position = through;
      this.advanced.emit('advance');
      lane.flushTimer ??= setTimeout(() => void this.flush(lane).catch(() => undefined), 1000);
      return;
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.dataSource.transaction((manager) => this.applyBatch(lane.projector, manager, events, through));
        lane.position = through;
        lane.saved = through;
        this.advanced.emit('advance');
        if (events.length > 0) lane.projector.afterCommit?.(events);
        return;
      } catch (error) {
        if (attempt >= this.maxAttempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.retryBaseMs * 2 ** (attempt - 1)));
      }
    }
  }

  private async applyBatch(projector: Projector, manager: EntityManager, events: readonly RecordedEvent[], through: number) {
    if (events.length > 0) await projector.apply(events, manager);
    await manager.update(ConsumerCheckpointEntity, { name: projector.name }, { position: through });
  }

  private park(lane: Lane, error: unknown): void {
    lane.state = 'parked';
    lane.error = error instanceof Error ? error.message : String(error);
    lane.subscription = null;
    this.options.onParked?.(lane.projector.name, error);
    this.advanced.emit('advance');
  }
}

function projectionUnavailable(name: string): DomainError {
  return new DomainError('service_unavailable', `The ${name} read model is stopped after repeated errors.`, {
    userAction: 'An operator must look at /admin/health and rebuild the projection.',
  });
}
