import type { AccountRegisteredData, FailureType } from '../../../contracts/events/account-events.js';

/** Commands on one worker account; time-dependent values (retry_after) are computed by the caller. */
export type AccountCommand =
  | { type: 'RegisterAccount'; data: AccountRegisteredData }
  | { type: 'StartDeploy'; data: Record<string, never> }
  | { type: 'RecordDeployStep'; data: { step: 'modal_deploy' | 'health_check'; attempt: number; outcome: 'ok' | 'failed'; message: string } }
  | { type: 'CompleteDeploy'; data: Record<string, never> }
  | { type: 'StartHealthCheck'; data: { reason: 'admin' | 'cooldown' } }
  | { type: 'PassHealthCheck'; data: { build_id: string; models: string[]; max_concurrent_jobs: number } }
  | { type: 'ReportFailure'; data: { failure_type: FailureType; message: string; retry_after: string } }
  | { type: 'Disable'; data: { message: string } }
  | { type: 'Enable'; data: Record<string, never> }
  | { type: 'SetBudget'; data: { monthly_budget_usd: number | null } }
  | { type: 'Delete'; data: Record<string, never> };
