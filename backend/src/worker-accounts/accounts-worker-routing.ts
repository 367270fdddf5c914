import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { systemCommandContext } from '../platform/event-sourcing/command-context.js';
import { ID_SOURCE, type IdSource } from '../platform/ids/id-source.js';
import type { WorkerClient } from '../platform/worker-client/index.js';
import type { DispatchOutcome, RoutedWorker, WorkerRouting } from '../platform/worker-client/worker-routing.port.js';
import { AccountCommands } from './account-commands.js';
import { AccountEntity } from './account-status/account.entity.js';
import { CredentialVault } from './credentials/credential-vault.js';
import { failureOf } from './failure-classifier.js';
import { WorkerClientFactory } from './worker-client.factory.js';

/**
 * Routing over registered accounts (ADM-3): ready accounts that serve the model and are within their
 * monthly budget, least recently used first, then fewest tasks. A failed dispatch is reported to the
 * account (classified: auth/quota disable it, timeouts and 5xx fail it until a cool-down health check).
 */
@Injectable()
export class AccountsWorkerRouting implements WorkerRouting {
  /** Picks made by this instance not yet visible in the read model. */
  private readonly picked = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: WorkerClientFactory,
    private readonly vault: CredentialVault,
    private readonly commands: AccountCommands,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async candidates(model: string): Promise<RoutedWorker[]> {
    const month = this.clock.now().toISOString().slice(0, 7);
    const ready = (await this.dataSource.getRepository(AccountEntity).findBy({ status: 'ready' }))
      .filter((account) => account.models.length === 0 || account.models.includes(model))
      .filter((account) => !overBudget(account, month));
    const lastUsed = (account: AccountEntity) => Math.max(account.lastUsedAt ? Date.parse(account.lastUsedAt) : 0, this.picked.get(account.id) ?? 0);
    ready.sort((a, b) => lastUsed(a) - lastUsed(b) || a.tasksTotal - b.tasksTotal || a.createdAt.localeCompare(b.createdAt));
    return Promise.all(ready.map(async (account) => ({ accountId: account.id, client: await this.clients.clientFor(account) })));
  }

  async accountsStarting(): Promise<boolean> {
    return (await this.dataSource.getRepository(AccountEntity).countBy({ status: In(['deploying', 'checking']) })) > 0;
  }

  async clientFor(accountId: string): Promise<WorkerClient | null> {
    const account = await this.dataSource.getRepository(AccountEntity).findOneBy({ id: accountId });
    return account ? this.clients.clientFor(account) : null;
  }

  async verifyWorkerToken(accountId: string, token: string): Promise<boolean> {
    const account = await this.dataSource.getRepository(AccountEntity).findOneBy({ id: accountId });
    if (!account) return false;
    const expected = Buffer.from((await this.vault.get(account.credentialRef)).token);
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  async record(outcome: DispatchOutcome): Promise<void> {
    if (outcome.kind === 'dispatched') {
      this.picked.set(outcome.accountId, this.clock.now().getTime());
      return;
    }
    this.picked.set(outcome.accountId, this.clock.now().getTime());
    const failure = failureOf(outcome.error);
    if (!failure) return;
    await this.commands.execute(
      outcome.accountId,
      {
        type: 'ReportFailure',
        data: {
          failure_type: failure,
          message: `dispatch: ${outcome.error.message}`.slice(0, 460),
          retry_after: new Date(this.clock.now().getTime() + this.config.accounts.cooldownMs).toISOString(),
        },
      },
      systemCommandContext(this.ids.next(), 'process:routing', outcome.accountId),
    );
  }
}

export function overBudget(account: Pick<AccountEntity, 'monthlyBudgetUsd' | 'costMonth' | 'costMonthUsd'>, month: string): boolean {
  return account.monthlyBudgetUsd !== null && account.monthlyBudgetUsd > 0 && account.costMonth === month && account.costMonthUsd >= account.monthlyBudgetUsd;
}
