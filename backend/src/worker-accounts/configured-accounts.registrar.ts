import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { systemCommandContext } from '../platform/event-sourcing/command-context.js';
import { ID_SOURCE, type IdSource } from '../platform/ids/id-source.js';
import { RUNTIME_ROLE, type RuntimeRole } from '../platform/platform-runtime.js';
import { AccountCommands } from './account-commands.js';
import { CredentialVault, fingerprint } from './credentials/credential-vault.js';

const ACTOR = 'system:config';

/**
 * Registers the workers named in configuration (the embedded simulator under `npm start`, or WORKERS) as
 * http accounts through the same commands an admin would use, then deploys them (for http: a health
 * check). Idempotent across restarts; a worker whose address or token changed is re-registered.
 */
@Injectable()
export class ConfiguredAccountsRegistrar implements OnApplicationBootstrap {
  private readonly logger = new Logger('ConfiguredAccounts');

  constructor(
    private readonly commands: AccountCommands,
    private readonly vault: CredentialVault,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
    @Inject(RUNTIME_ROLE) private readonly role: RuntimeRole,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.role !== 'server') return;
    for (const worker of this.config.workers) {
      try {
        await this.register(worker);
      } catch (error) {
        this.logger.error({ msg: 'could not register a configured worker', worker: worker.id, err: error });
      }
    }
  }

  private async register(worker: AppConfig['workers'][number]): Promise<void> {
    const context = () => systemCommandContext(this.ids.next(), ACTOR, `config-worker:${worker.id}`);
    const state = await this.commands.load(worker.id);
    const print = fingerprint({ token: worker.token });
    if (state.status !== 'none' && state.status !== 'deleted') {
      if (state.account.base_url === worker.baseUrl && state.account.credential_fingerprint === print) {
        if (state.status === 'pending' || state.status === 'failed') await this.commands.execute(worker.id, { type: 'StartDeploy', data: {} }, context());
        return;
      }
      await this.commands.execute(worker.id, { type: 'Delete', data: {} }, context());
    }
    const { ref } = await this.vault.put({ token: worker.token });
    await this.commands.execute(
      worker.id,
      {
        type: 'RegisterAccount',
        data: { account_id: worker.id, kind: 'http', label: worker.id, base_url: worker.baseUrl, workspace: null, credential_ref: ref, credential_fingerprint: print, monthly_budget_usd: null, source: 'config' },
      },
      context(),
    );
    await this.commands.execute(worker.id, { type: 'StartDeploy', data: {} }, context());
  }
}
