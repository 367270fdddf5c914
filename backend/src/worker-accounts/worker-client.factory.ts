import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { HttpWorkerClient, type WorkerClient } from '../platform/worker-client/index.js';
import type { AccountEntity } from './account-status/account.entity.js';
import { CredentialVault } from './credentials/credential-vault.js';

/**
 * The worker URL of a Modal workspace (the ASGI endpoint of gpu/modal/app.py). It is built from the
 * registered workspace name only — nothing from a request can point a credential elsewhere (SEC-3).
 */
export function modalWorkerUrl(workspace: string, template: string): string {
  if (!/^[a-z0-9-]{3,64}$/.test(workspace)) throw new Error('invalid workspace name');
  return template.replaceAll('{workspace}', workspace);
}

/** Builds (and caches per credential) the client for a registered account. */
@Injectable()
export class WorkerClientFactory {
  private readonly cache = new Map<string, { ref: string; client: WorkerClient }>();

  constructor(
    private readonly vault: CredentialVault,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async clientFor(account: Pick<AccountEntity, 'id' | 'kind' | 'baseUrl' | 'workspace' | 'credentialRef'>): Promise<WorkerClient> {
    const cached = this.cache.get(account.id);
    if (cached && cached.ref === account.credentialRef) return cached.client;
    const credentials = await this.vault.get(account.credentialRef);
    const baseUrl = account.kind === 'modal' ? modalWorkerUrl(account.workspace!, this.config.accounts.modalUrlTemplate) : account.baseUrl!;
    const client = new HttpWorkerClient({
      baseUrl,
      token: credentials.token,
      timeoutMs: this.config.generation.workerCallTimeoutMs,
      ...(credentials.proxyKey && credentials.proxySecret ? { proxyAuth: { key: credentials.proxyKey, secret: credentials.proxySecret } } : {}),
    });
    this.cache.set(account.id, { ref: account.credentialRef, client });
    return client;
  }

  forget(accountId: string): void {
    this.cache.delete(accountId);
  }
}
