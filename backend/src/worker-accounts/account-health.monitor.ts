import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MANUAL_FAILURES, type FailureType } from '../../../contracts/events/account-events.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { systemCommandContext } from '../platform/event-sourcing/command-context.js';
import { derivedId } from '../platform/ids/id-source.js';
import { RUNTIME_ROLE, type RuntimeRole } from '../platform/platform-runtime.js';
import { WorkerCallError } from '../platform/worker-client/index.js';
import { AccountCommands } from './account-commands.js';
import { AccountEntity } from './account-status/account.entity.js';
import { failureOf } from './failure-classifier.js';
import { WorkerClientFactory } from './worker-client.factory.js';

const ACTOR = 'process:account-monitor';

/**
 * Keeps `ready` honest (ADM-3): every interval a ready account's health is checked — a failing one is
 * reported (failed, or disabled for auth/quota); a passing one records nothing, so a ready account stays
 * ready. A failed account whose cool-down has passed gets a health check that can bring it back.
 */
@Injectable()
export class AccountHealthMonitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AccountHealthMonitor');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: AccountCommands,
    private readonly clients: WorkerClientFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME_ROLE) private readonly role: RuntimeRole,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.accounts.monitorIntervalMs;
    if (this.role !== 'server' || interval === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) => this.logger.error({ msg: 'account health sweep failed', err: error }))
        .finally(() => (this.running = null));
    }, Math.min(interval, this.config.accounts.cooldownMs));
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private lastChecked = new Map<string, number>();

  /** One pass over the accounts; public for tests. */
  async sweep(): Promise<void> {
    const now = this.clock.now();
    for (const account of await this.dataSource.getRepository(AccountEntity).find()) {
      if (account.status === 'failed' && account.retryAfter && Date.parse(account.retryAfter) <= now.getTime() && !MANUAL_FAILURES.includes(account.failureType as FailureType)) {
        await this.commands.execute(account.id, { type: 'StartHealthCheck', data: { reason: 'cooldown' } }, systemCommandContext(derivedId(account.id, 'cooldown', account.retryAfter), ACTOR, account.id));
        continue;
      }
      if (account.status !== 'ready') continue;
      if (now.getTime() - (this.lastChecked.get(account.id) ?? 0) < this.config.accounts.monitorIntervalMs) continue;
      this.lastChecked.set(account.id, now.getTime());
      try {
        const health = await (await this.clients.clientFor(account)).health();
        if (health.ok) continue;
        await this.report(account, 'health_failed', 'the worker reports ok: false');
      } catch (error) {
        if (!(error instanceof WorkerCallError)) throw error;
        const failure = failureOf(error);
        if (failure) await this.report(account, failure, `periodic health check: ${error.message}`);
      }
    }
  }

  private async report(account: AccountEntity, failure: FailureType, message: string): Promise<void> {
    const now = this.clock.now();
    await this.commands.execute(
      account.id,
      { type: 'ReportFailure', data: { failure_type: failure, message: message.slice(0, 460), retry_after: new Date(now.getTime() + this.config.accounts.cooldownMs).toISOString() } },
      systemCommandContext(derivedId(account.id, 'monitor', now.toISOString()), ACTOR, account.id),
    );
  }
}
