import type { AccountEntity } from './account-status/account.entity.js';
import { overBudget } from './accounts-worker-routing.js';

/** An account as admins see it: no credential, only its fingerprint (AUD-5). */
export function toAccountView(account: AccountEntity, month: string) {
  return {
    id: account.id,
    kind: account.kind,
    label: account.label,
    status: account.status,
    source: account.source,
    base_url: account.baseUrl,
    workspace: account.workspace,
    credential_fingerprint: account.credentialFingerprint,
    build_id: account.buildId,
    models: account.models,
    max_concurrent_jobs: account.maxConcurrentJobs,
    failure_type: account.failureType,
    last_error: account.lastError,
    retry_after: account.retryAfter,
    last_health_at: account.lastHealthAt,
    last_used_at: account.lastUsedAt,
    deploy_log: account.deployLog,
    counters: {
      tasks: account.tasksTotal,
      failures: account.failuresTotal,
      gpu_seconds: account.gpuSeconds,
      estimated_cost_usd: account.costUsdTotal,
      estimated_cost_this_month_usd: account.costMonth === month ? account.costMonthUsd : 0,
    },
    monthly_budget_usd: account.monthlyBudgetUsd,
    over_budget: overBudget(account, month),
    created_at: account.createdAt,
    updated_at: account.updatedAt,
  };
}

export type AccountView = ReturnType<typeof toAccountView>;
