import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { CLOCK, type Clock } from './clock/clock.js';
import { DeadlineScheduler } from './deadlines/deadline-scheduler.js';
import { DEADLINE_HANDLER_METADATA, type DeadlineFirer } from './deadlines/as-deadline-handler.js';
import { EVENT_STORE, type EventStore } from './event-store/event-store.port.js';
import { LogSealer } from './event-store/log-sealer.js';
import { ID_SOURCE, type IdSource } from './ids/id-source.js';
import { PROCESS_MANAGER_METADATA, type ProcessManager } from './processes/process-manager.js';
import { ProcessRunner } from './processes/process-runner.js';
import { PROJECTOR_METADATA } from './projections/as-projector.js';
import { ProjectionRunner } from './projections/projection-runner.js';
import type { Projector } from './projections/projector.js';

export const RUNTIME_ROLE = Symbol('RUNTIME_ROLE');
export type RuntimeRole = 'server' | 'cli';

/**
 * Finds the projectors, process managers and deadline handlers the features declare, and runs them:
 * all of them in the server; none in the CLI, which drives them itself (rebuild, verify).
 */
@Injectable()
export class PlatformRuntime implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('PlatformRuntime');
  projections!: ProjectionRunner;
  processes!: ProcessRunner;
  deadlines!: DeadlineScheduler;
  readonly sealer: LogSealer;
  projectors: Projector[] = [];
  private sealTimer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) ids: IdSource,
    @Inject(RUNTIME_ROLE) private readonly role: RuntimeRole,
  ) {
    this.sealer = new LogSealer(store, clock, ids);
  }

  onModuleInit(): void {
    this.projectors = this.instancesWith<Projector>(PROJECTOR_METADATA);
    const managers = this.instancesWith<ProcessManager>(PROCESS_MANAGER_METADATA);
    const retry = { retryBaseMs: this.config.processes.retryBaseMs, maxAttempts: this.config.processes.maxAttempts };
    this.projections = new ProjectionRunner(this.store, this.dataSource, this.projectors, {
      ...retry,
      onParked: (name, error) => this.logger.error({ msg: 'projection parked', projection: name, err: error }),
    });
    this.processes = new ProcessRunner(this.store, this.dataSource, managers, this.clock, {
      ...retry,
      onParked: (parked) => this.logger.error({ msg: 'event parked', consumer: parked.consumer, position: parked.position, error: parked.error }),
    });
    this.deadlines = new DeadlineScheduler(this.dataSource, this.clock, {
      tickMs: this.config.deadlines.tickMs,
      maxAttempts: this.config.processes.maxAttempts,
      retryBaseMs: this.config.processes.retryBaseMs,
      onError: (deadline, error, parked) => this.logger.warn({ msg: 'deadline failed', deadline: deadline.id, parked, err: error }),
    });
    for (const wrapper of this.discovery.getProviders()) {
      const kind = wrapper.metatype ? this.reflector.get<string>(DEADLINE_HANDLER_METADATA, wrapper.metatype) : undefined;
      if (kind && wrapper.instance) this.deadlines.register(kind, (deadline) => (wrapper.instance as DeadlineFirer).fire(deadline));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.role !== 'server') return;
    await this.projections.start();
    await this.processes.start();
    this.deadlines.start();
    this.sealTimer = setInterval(() => void this.sealQuietly(), this.config.sealIntervalMs);
    this.started = true;
  }

  /**
   * Runs before connections close (TypeORM closes its DataSource in onApplicationShutdown): the runners
   * still write their last checkpoints, then the log is sealed. Each step runs even if an earlier one failed.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.sealTimer) clearInterval(this.sealTimer);
    if (!this.started) return;
    this.started = false;
    for (const [name, step] of [
      ['deadlines', () => this.deadlines.stop()],
      ['processes', () => this.processes.stop()],
      ['projections', () => this.projections.stop()],
    ] as const) {
      await step().catch((error: unknown) => this.logger.warn({ msg: `stopping ${name} failed`, err: error }));
    }
    await this.sealQuietly();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.beforeApplicationShutdown();
    await this.store.close();
  }

  private async sealQuietly(): Promise<void> {
    try {
      await this.sealer.seal();
    } catch (error) {
      this.logger.warn({ msg: 'sealing the log failed; will retry', err: error });
    }
  }

  private instancesWith<T>(metadataKey: string): T[] {
    return this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance && this.reflector.get(metadataKey, wrapper.metatype))
      .map((wrapper) => wrapper.instance as T);
  }
}
