/** What other parts may use from worker accounts (house style rule 13). */
export { WorkerAccountsModule, WORKER_ACCOUNT_ENTITIES } from './worker-accounts.module.js';
export { CredentialVault } from './credentials/credential-vault.js';
export { secretsRotate } from './secrets-rotate.command.js';
