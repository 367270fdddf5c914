import { Module } from '@nestjs/common';
import { WORKER_ROUTING } from '../platform/worker-client/worker-routing.port.js';
import { AccountCommands, ExecuteAccountCommandHandler } from './account-commands.js';
import { AccountAdmin } from './account-admin.service.js';
import { AccountHealthMonitor } from './account-health.monitor.js';
import { AdminHealthController } from './admin-health.controller.js';
import { WorkerAccountsController } from './worker-accounts.controller.js';
import { AccountOperationsProcess } from './account-operations.process.js';
import { AccountEntity, AccountTaskLinkEntity } from './account-status/account.entity.js';
import { AccountProjector } from './account-status/account.projector.js';
import { AccountsWorkerRouting } from './accounts-worker-routing.js';
import { ConfiguredAccountsRegistrar } from './configured-accounts.registrar.js';
import { CredentialEntity } from './credentials/credential.entity.js';
import { CredentialVault } from './credentials/credential-vault.js';
import { WorkerClientFactory } from './worker-client.factory.js';

export const WORKER_ACCOUNT_ENTITIES = [AccountEntity, AccountTaskLinkEntity, CredentialEntity];

const COMMANDS = [ExecuteAccountCommandHandler, AccountCommands];
const PROCESSES = [AccountOperationsProcess, AccountHealthMonitor, ConfiguredAccountsRegistrar];
const SERVICES = [AccountAdmin, CredentialVault, WorkerClientFactory, { provide: WORKER_ROUTING, useClass: AccountsWorkerRouting }];

/**
 * Worker accounts (ADM-1..4); provides the routing port generation dispatches through. Not global: global
 * modules run their bootstrap hooks in no defined order relative to cqrs's handler registration.
 */
@Module({
  controllers: [WorkerAccountsController, AdminHealthController],
  providers: [...COMMANDS, AccountProjector, ...PROCESSES, ...SERVICES],
  exports: [WORKER_ROUTING, AccountCommands, CredentialVault],
})
export class WorkerAccountsModule {}
