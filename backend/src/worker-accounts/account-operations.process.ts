import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FailureType } from '../../../contracts/events/account-events.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { causedCommandContext } from '../platform/event-sourcing/command-context.js';
import type { RecordedEvent } from '../platform/event-store/event-store.port.js';
import { secretRedactor } from '../platform/logging/secret-redactor.js';
import { AsProcessManager, type ProcessManager } from '../platform/processes/process-manager.js';
import { WorkerCallError } from '../platform/worker-client/index.js';
import { AccountCommands } from './account-commands.js';
import type { AccountEntity } from './account-status/account.entity.js';
import { CredentialVault } from './credentials/credential-vault.js';
import { deployFailureOf, failureOf } from './failure-classifier.js';
import { runCli } from './modal-cli.runner.js';
import { WorkerClientFactory } from './worker-client.factory.js';

const ACTOR = 'process:account-operations';

type AccountAddress = Pick<AccountEntity, 'id' | 'kind' | 'baseUrl' | 'workspace' | 'credentialRef'>;
export const MODAL_WORKER_TOKEN_SECRET = 'gooni-worker-token';

/**
 * Carries out what admins start (ADM-4): a deploy (`modal deploy` of gpu/modal with that account's token
 * only, with timeout and retries; for http accounts the deploy is a health check), health checks (with
 * attempts), and crypto-shredding on delete. Each step is an event the admin UI follows live.
 */
@AsProcessManager()
@Injectable()
export class AccountOperationsProcess implements ProcessManager {
  readonly name = 'account-operations';
  readonly handles = ['AccountDeployStarted', 'AccountHealthCheckStarted', 'AccountEnabled', 'AccountDeleted'];
  private readonly logger = new Logger('AccountOperations');

  constructor(
    private readonly commands: AccountCommands,
    private readonly vault: CredentialVault,
    private readonly clients: WorkerClientFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  concurrencyKey(event: RecordedEvent): string {
    return event.stream;
  }

  async handle(event: RecordedEvent): Promise<void> {
    const accountId = (event.data as { account_id: string }).account_id;
    if (event.type === 'AccountDeleted') {
      await this.vault.destroy((event.data as { credential_ref: string }).credential_ref);
      this.clients.forget(accountId);
      return;
    }
    const state = await this.commands.load(accountId);
    if (state.status === 'none' || state.status === 'deleted') return;
    if (event.type === 'AccountDeployStarted') {
      if (state.status !== 'deploying') return;
      if (state.account.kind === 'modal' && !(await this.modalDeploy(event, state.account.credential_ref))) return;
      await this.commands.execute(accountId, { type: 'CompleteDeploy', data: {} }, causedCommandContext(event, 'deploy-complete', ACTOR));
      return;
    }
    if (state.status === 'checking') {
      const { account } = state;
      await this.healthCheck(event, { id: accountId, kind: account.kind, baseUrl: account.base_url, workspace: account.workspace, credentialRef: account.credential_ref });
    }
  }

  private async modalDeploy(event: RecordedEvent, credentialRef: string): Promise<boolean> {
    const accountId = (event.data as { account_id: string }).account_id;
    const credentials = await this.vault.get(credentialRef);
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      MODAL_TOKEN_ID: credentials.modalTokenId ?? '',
      MODAL_TOKEN_SECRET: credentials.modalTokenSecret ?? '',
    };
    const { modalCli, modalAppPath, deployAttempts, deployTimeoutMs, deployBackoffMs } = this.config.accounts;
    let lastOutput = '';
    let failure: FailureType = 'deploy_failed';
    for (let attempt = 1; attempt <= deployAttempts; attempt += 1) {
      // The worker's bearer token goes to Modal as a secret the app reads; it travels in the child's
      // arguments, never in the server's logs or events.
      const secret = await runCli(modalCli, ['secret', 'create', '--force', MODAL_WORKER_TOKEN_SECRET, `WORKER_TOKEN=${credentials.token}`], env, this.config.rootDir, deployTimeoutMs);
      const result = secret.code === 0 ? await runCli(modalCli, ['deploy', modalAppPath], env, this.config.rootDir, deployTimeoutMs) : secret;
      const ok = result.code === 0 && !result.timedOut;
      lastOutput = clean(result.output);
      failure = deployFailureOf(result.output, result.timedOut);
      await this.commands.execute(
        accountId,
        { type: 'RecordDeployStep', data: { step: 'modal_deploy', attempt, outcome: ok ? 'ok' : 'failed', message: ok ? 'modal deploy succeeded' : lastOutput } },
        causedCommandContext(event, `deploy-step:${attempt}`, ACTOR),
      );
      if (ok) return true;
      // Auth, quota and config problems do not get better by retrying.
      if (failure === 'auth_failed' || failure === 'quota_exceeded' || failure === 'config_failed') break;
      if (attempt < deployAttempts) await sleep(Math.min(deployBackoffMs * 2 ** (attempt - 1), deployBackoffMs * 3));
    }
    await this.reportFailure(event, accountId, failure, `modal deploy failed: ${lastOutput}`);
    return false;
  }

  private async healthCheck(event: RecordedEvent, account: AccountAddress): Promise<void> {
    const accountId = account.id;
    const { healthAttempts, healthIntervalMs, workerBuildId } = this.config.accounts;
    let message = 'no answer';
    let failure: FailureType = 'health_failed';
    for (let attempt = 1; attempt <= healthAttempts; attempt += 1) {
      try {
        const health = await (await this.clients.clientFor(account)).health();
        if (health.ok && (!workerBuildId || health.build_id === workerBuildId)) {
          await this.recordCheck(event, accountId, attempt, 'ok', `healthy: build ${health.build_id}, models ${health.models.join(', ')}`);
          await this.commands.execute(
            accountId,
            { type: 'PassHealthCheck', data: { build_id: health.build_id, models: [...health.models], max_concurrent_jobs: health.capacity.max_concurrent_jobs } },
            causedCommandContext(event, 'health-pass', ACTOR),
          );
          return;
        }
        message = health.ok ? `build ${health.build_id} is not the expected ${workerBuildId}` : 'the worker reports ok: false';
        failure = health.ok ? 'config_failed' : 'health_failed';
      } catch (error) {
        if (!(error instanceof WorkerCallError)) throw error;
        message = clean(error.message);
        failure = failureOf(error) ?? 'health_failed';
        if (failure === 'auth_failed' || failure === 'quota_exceeded') break;
      }
      if (attempt < healthAttempts) await sleep(healthIntervalMs);
    }
    await this.recordCheck(event, accountId, healthAttempts, 'failed', message);
    await this.reportFailure(event, accountId, failure, `health check failed: ${message}`);
  }

  /** The health check is a deploy-log step too (for http accounts it is the whole deploy, ADM-4). */
  private recordCheck(event: RecordedEvent, accountId: string, attempt: number, outcome: 'ok' | 'failed', message: string) {
    return this.commands.execute(
      accountId,
      { type: 'RecordDeployStep', data: { step: 'health_check', attempt, outcome, message: clean(message) } },
      causedCommandContext(event, `health-step:${outcome}`, ACTOR),
    );
  }

  private async reportFailure(event: RecordedEvent, accountId: string, failure: FailureType, message: string): Promise<void> {
    const retryAfter = new Date(this.clock.now().getTime() + this.config.accounts.cooldownMs).toISOString();
    this.logger.warn({ msg: 'account operation failed', account: accountId, failure });
    await this.commands.execute(
      accountId,
      { type: 'ReportFailure', data: { failure_type: failure, message: message.slice(0, 460), retry_after: retryAfter } },
      causedCommandContext(event, `failure:${failure}`, ACTOR),
    );
  }
}

function clean(text: string): string {
  return secretRedactor.redact(text).replace(/\s+/g, ' ').trim().slice(0, 460);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
