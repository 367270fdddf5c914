/**
 * Events of a worker account (stream `account-<id>`, ADM-1..4). Credentials never appear here: events carry
 * a reference into the encrypted credential vault and a fingerprint only (AUD-5).
 */
export type AccountStatus = 'pending' | 'deploying' | 'checking' | 'ready' | 'failed' | 'disabled';
export type AccountKind = 'http' | 'modal';

/** Why an account stopped serving. The first three need an admin (disabled); the rest recover by themselves. */
export type FailureType =
  | 'quota_exceeded'
  | 'auth_failed'
  | 'config_failed'
  | 'timeout'
  | 'server_error'
  | 'network'
  | 'health_failed'
  | 'deploy_failed';

export const MANUAL_FAILURES: readonly FailureType[] = ['quota_exceeded', 'auth_failed', 'config_failed'];

export interface AccountRegisteredData {
  account_id: string;
  kind: AccountKind;
  label: string;
  /** http accounts: where the worker listens. */
  base_url: string | null;
  /** modal accounts: the Modal workspace (^[a-z0-9-]{3,64}$). */
  workspace: string | null;
  credential_ref: string;
  credential_fingerprint: string;
  monthly_budget_usd: number | null;
  source: 'admin' | 'config';
}

export type AccountEvent =
  | { type: 'AccountRegistered'; data: AccountRegisteredData }
  | { type: 'AccountDeployStarted'; data: { account_id: string } }
  | { type: 'AccountDeployStepRecorded'; data: { account_id: string; step: 'modal_deploy' | 'health_check'; attempt: number; outcome: 'ok' | 'failed'; message: string } }
  | { type: 'AccountDeployed'; data: { account_id: string } }
  | { type: 'AccountHealthCheckStarted'; data: { account_id: string; reason: 'admin' | 'deploy' | 'enable' | 'cooldown' } }
  | { type: 'AccountReady'; data: { account_id: string; build_id: string; models: string[]; max_concurrent_jobs: number } }
  | { type: 'AccountFailed'; data: { account_id: string; failure_type: FailureType; message: string; retry_after: string } }
  | { type: 'AccountDisabled'; data: { account_id: string; reason: 'admin' | FailureType; message: string } }
  | { type: 'AccountEnabled'; data: { account_id: string } }
  | { type: 'AccountBudgetSet'; data: { account_id: string; monthly_budget_usd: number | null } }
  | { type: 'AccountDeleted'; data: { account_id: string; credential_ref: string } };

export type AccountEventType = AccountEvent['type'];

export const ACCOUNT_EVENT_TYPES: readonly AccountEventType[] = [
  'AccountRegistered',
  'AccountDeployStarted',
  'AccountDeployStepRecorded',
  'AccountDeployed',
  'AccountHealthCheckStarted',
  'AccountReady',
  'AccountFailed',
  'AccountDisabled',
  'AccountEnabled',
  'AccountBudgetSet',
  'AccountDeleted',
];

export function accountStream(accountId: string): string {
  return `account-${accountId}`;
}
