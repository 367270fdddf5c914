/**
 * Test data for the admin specs (never imported by production code). Shapes follow the controllers'
 * answers as of this commit.
 */
import type {
  AccountStatus,
  AccountsResponse,
  AdminHealth,
  ApiKeyInfo,
  AuditEntry,
  WorkerAccount,
} from '../shared/admin-api.types';

export const SESSION_INFO = { active: true, idle_timeout_seconds: 1800, last_activity_at: '2026-11-27T09:00:00.000Z', expires_at: '2026-11-27T21:00:00.000Z' };

export function sessionRequired(reason = 'missing') {
  return {
    body: { code: 'admin_session_required', detail: 'An admin session is required.', user_action: 'Sign in as an admin.', metadata: { reason } },
    status: { status: 401, statusText: 'Unauthorized' },
  };
}

export function account(status: AccountStatus, change: Partial<WorkerAccount> = {}): WorkerAccount {
  return {
    id: `acc-${status}`,
    kind: 'http',
    label: `Worker ${status}`,
    status,
    source: 'admin',
    base_url: 'http://127.0.0.1:18101',
    workspace: null,
    credential_fingerprint: 'abcdef0123456789',
    build_id: status === 'ready' ? 'simulator-dev' : null,
    models: status === 'ready' ? ['flux', 'pony'] : [],
    max_concurrent_jobs: 1,
    failure_type: status === 'failed' ? 'timeout' : null,
    last_error: status === 'failed' ? 'health check timed out' : null,
    retry_after: status === 'failed' ? '2026-11-27T10:05:00.000Z' : null,
    last_health_at: null,
    last_used_at: null,
    deploy_log: [],
    counters: { tasks: 12, failures: 1, gpu_seconds: 340, estimated_cost_usd: 1.5, estimated_cost_this_month_usd: 0.75 },
    monthly_budget_usd: null,
    over_budget: false,
    created_at: '2026-11-27T09:00:00.000Z',
    updated_at: '2026-11-27T09:00:00.000Z',
    ...change,
  };
}

export function accountsBody(accounts: WorkerAccount[]): AccountsResponse {
  return { accounts, diagnostics: { total: accounts.length, ready: accounts.filter((a) => a.status === 'ready').length, by_status: {}, fallback_count: 0, tasks_dispatched: 0 } };
}

export function health(change: Partial<AdminHealth> = {}): AdminHealth {
  return {
    ok: true,
    event_store: { kind: 'sqlite', ok: true, position: 120, last_seal_through: 100 },
    read_models: { kind: 'sqlite', projections: [{ name: 'task-status', version: 1, position: 119, lag: 1, state: 'running', error: null }] },
    processes: {
      managers: [{ name: 'gpu-dispatch', position: 120, lag: 0, running: true, parked: 0 }],
      parked_events: [],
      deadlines: { scheduled: 2, parked: 0 },
    },
    blob_store: { ok: true, path: '/data/results', blobs: 7 },
    accounts: { total: 1, ready: 1, by_status: { ready: 1 } },
    workers: [],
    ...change,
  };
}

export function apiKey(change: Partial<ApiKeyInfo> = {}): ApiKeyInfo {
  return {
    id: '0123456789abcdef',
    prefix: 'gg_0123456789abcdef_AbCd',
    name: 'render script',
    scopes: ['generate', 'read'],
    status: 'active',
    created_at: '2026-11-27T09:00:00.000Z',
    created_by: 'admin:3d6e1155-dd22-4315-86a5-0f0396f203f0',
    expires_at: '2027-02-25T09:00:00.000Z',
    last_used_at: null,
    rotated_at: null,
    previous_prefix: null,
    previous_valid_until: null,
    revoked_at: null,
    ...change,
  };
}

export function auditEntry(id: number, change: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    event_id: `event-${id}`,
    type: 'AdminRouteAccessed',
    timestamp: '2026-11-27T09:58:20.000Z',
    actor: 'admin:3d6e1155-dd22-4315-86a5-0f0396f203f0',
    source: '127.0.0.1',
    action: 'list_accounts',
    target: '/admin/accounts',
    outcome: 'success',
    correlation_id: `corr-${id}`,
    count: 1,
    details: { reason: 'ok' },
    ...change,
  };
}
