import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { DomainError } from '../platform/errors/domain-error.js';
import type { CommandContext } from '../platform/event-sourcing/command-executor.js';
import { ID_SOURCE, type IdSource } from '../platform/ids/id-source.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';
import { AccountCommands } from './account-commands.js';
import type { AccountCommand } from './account.commands.js';
import { AccountEntity } from './account-status/account.entity.js';
import { toAccountView, type AccountView } from './account.views.js';
import { CredentialVault, fingerprint, type WorkerCredentials } from './credentials/credential-vault.js';

export type NewAccount =
  | { kind: 'http'; label: string; base_url: string; token: string; monthly_budget_usd?: number | null }
  | { kind: 'modal'; label: string; workspace: string; token_id: string; token_secret: string; proxy_key?: string; proxy_secret?: string; monthly_budget_usd?: number | null };

/** The admin's account operations (ADM-1, ADM-4); every change is a command, answered after it is readable. */
@Injectable()
export class AccountAdmin {
  constructor(
    private readonly commands: AccountCommands,
    private readonly vault: CredentialVault,
    private readonly runtime: PlatformRuntime,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(): Promise<AccountView[]> {
    const month = this.month();
    return (await this.dataSource.getRepository(AccountEntity).find({ order: { createdAt: 'ASC' } })).map((account) => toAccountView(account, month));
  }

  async get(id: string): Promise<AccountView> {
    const account = await this.dataSource.getRepository(AccountEntity).findOneBy({ id });
    if (!account) throw new DomainError('account_not_found', `No worker account ${id}.`, { userAction: 'List the accounts with GET /admin/accounts.' });
    return toAccountView(account, this.month());
  }

  async create(input: NewAccount, context: Omit<CommandContext, 'commandId'>): Promise<AccountView> {
    const id = this.ids.next();
    const credentials: WorkerCredentials =
      input.kind === 'http'
        ? { token: input.token }
        : { token: this.ids.next() + this.ids.next(), modalTokenId: input.token_id, modalTokenSecret: input.token_secret, proxyKey: input.proxy_key, proxySecret: input.proxy_secret };
    const { ref } = await this.vault.put(credentials);
    await this.run(id, {
      type: 'RegisterAccount',
      data: {
        account_id: id,
        kind: input.kind,
        label: input.label,
        base_url: input.kind === 'http' ? input.base_url.replace(/\/+$/, '') : null,
        workspace: input.kind === 'modal' ? input.workspace : null,
        credential_ref: ref,
        credential_fingerprint: fingerprint(credentials),
        monthly_budget_usd: input.monthly_budget_usd ?? null,
        source: 'admin',
      },
    }, context);
    return this.get(id);
  }

  async act(id: string, command: AccountCommand, context: Omit<CommandContext, 'commandId'>): Promise<AccountView> {
    await this.run(id, command, context);
    return this.get(id);
  }

  async remove(id: string, context: Omit<CommandContext, 'commandId'>): Promise<void> {
    await this.run(id, { type: 'Delete', data: {} }, context);
  }

  /** Deploys every account that is not disabled or already busy; returns the ids started. */
  async deployAll(context: Omit<CommandContext, 'commandId'>): Promise<string[]> {
    const accounts = await this.dataSource.getRepository(AccountEntity).findBy({ status: In(['pending', 'ready', 'failed']) });
    for (const account of accounts) await this.run(account.id, { type: 'StartDeploy', data: {} }, context);
    return accounts.map((account) => account.id);
  }

  private async run(id: string, command: AccountCommand, context: Omit<CommandContext, 'commandId'>): Promise<void> {
    const executed = await this.commands.execute(id, command, { ...context, commandId: this.ids.next() });
    await this.runtime.projections.waitFor(executed.position, { names: ['worker-accounts'] });
  }

  private month(): string {
    return this.clock.now().toISOString().slice(0, 7);
  }
}
