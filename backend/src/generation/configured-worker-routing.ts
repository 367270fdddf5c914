import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { HttpWorkerClient, type WorkerClient } from '../platform/worker-client/index.js';
import type { DispatchOutcome, RoutedWorker, WorkerRouting } from './worker-routing.port.js';

/**
 * Routing over the workers named in configuration (the embedded simulator in development, WORKERS
 * otherwise): least recently used first, and a worker that just failed goes to the back of the line.
 */
@Injectable()
export class ConfiguredWorkerRouting implements WorkerRouting {
  private readonly clients = new Map<string, WorkerClient>();
  private readonly lastUsed = new Map<string, number>();
  private sequence = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    for (const worker of config.workers) {
      this.clients.set(worker.id, new HttpWorkerClient({ baseUrl: worker.baseUrl, token: worker.token, timeoutMs: config.generation.workerCallTimeoutMs }));
    }
  }

  async candidates(): Promise<RoutedWorker[]> {
    return [...this.clients.entries()]
      .sort(([a], [b]) => (this.lastUsed.get(a) ?? -1) - (this.lastUsed.get(b) ?? -1))
      .map(([accountId, client]) => ({ accountId, client }));
  }

  async clientFor(accountId: string): Promise<WorkerClient | null> {
    return this.clients.get(accountId) ?? null;
  }

  async record(outcome: DispatchOutcome): Promise<void> {
    this.sequence += 1;
    this.lastUsed.set(outcome.accountId, this.sequence);
  }
}
