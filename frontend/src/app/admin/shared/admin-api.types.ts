/**
 * Shapes of the admin routes (`specs/http-api.md`; where the spec is silent, the controllers under
 * `backend/src/{admin,api-keys,sessions,audit,audit-replay,worker-accounts}`).
 */

/** `GET /admin/session` (COMPAT + `expires_at`, the 12 h end). */
export interface AdminSessionInfo {
  readonly active: boolean;
  readonly idle_timeout_seconds: number;
  readonly last_activity_at: string | null;
  readonly expires_at?: string | null;
}

// ── Worker accounts (ADM-1..4) ────────────────────────────────────────────────────────────────

export type AccountStatus = 'pending' | 'deploying' | 'checking' | 'ready' | 'failed' | 'disabled';
export type AccountKind = 'http' | 'modal';

export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['pending', 'deploying', 'checking', 'ready', 'failed', 'disabled'];

/** One step of a deploy or health check, appended live while it runs (ADM-4). */
export interface DeployStep {
  readonly at: string;
  readonly step: string;
  readonly attempt: number;
  readonly outcome: string;
  readonly message: string;
}

export interface AccountCounters {
  readonly tasks: number;
  readonly failures: number;
  readonly gpu_seconds: number;
  readonly estimated_cost_usd: number;
  readonly estimated_cost_this_month_usd: number;
}

/** An account as admins see it: never a credential, only its fingerprint. */
export interface WorkerAccount {
  readonly id: string;
  readonly kind: AccountKind;
  readonly label: string;
  readonly status: AccountStatus;
  readonly source: 'admin' | 'config';
  readonly base_url: string | null;
  readonly workspace: string | null;
  readonly credential_fingerprint: string;
  readonly build_id: string | null;
  readonly models: readonly string[];
  readonly max_concurrent_jobs: number | null;
  readonly failure_type: string | null;
  readonly last_error: string | null;
  readonly retry_after: string | null;
  readonly last_health_at: string | null;
  readonly last_used_at: string | null;
  readonly deploy_log: readonly DeployStep[];
  readonly counters: AccountCounters;
  readonly monthly_budget_usd: number | null;
  readonly over_budget: boolean;
  readonly created_at: string;
  readonly updated_at: string;
}

/** `GET /admin/accounts` */
export interface AccountsResponse {
  readonly accounts: readonly WorkerAccount[];
  readonly diagnostics: {
    readonly total: number;
    readonly ready: number;
    readonly by_status: Readonly<Partial<Record<AccountStatus, number>>>;
    readonly fallback_count: number;
    readonly tasks_dispatched: number;
  };
}

export interface NewHttpAccount {
  readonly kind: 'http';
  readonly label: string;
  readonly base_url: string;
  readonly token: string;
  readonly monthly_budget_usd?: number | null;
}

export interface NewModalAccount {
  readonly kind: 'modal';
  readonly label: string;
  readonly workspace: string;
  readonly token_id: string;
  readonly token_secret: string;
  readonly proxy_key?: string;
  readonly proxy_secret?: string;
  readonly monthly_budget_usd?: number | null;
}

/** `POST /admin/accounts` body. */
export type NewAccount = NewHttpAccount | NewModalAccount;

export type AccountAction = 'deploy' | 'health-check' | 'enable' | 'disable';

// ── Admin health (ADM-5) ──────────────────────────────────────────────────────────────────────

export interface ProjectionHealth {
  readonly name: string;
  readonly version: number;
  readonly position: number;
  readonly lag: number;
  readonly state: 'stopped' | 'running' | 'parked';
  readonly error: string | null;
}

export interface ProcessManagerHealth {
  readonly name: string;
  readonly position: number;
  readonly lag: number;
  readonly running: boolean;
  readonly parked: number;
}

/** A row of the `parked_events` table, as the server sends it (camelCase: the entity itself). */
export interface ParkedEvent {
  readonly id: string;
  readonly consumer: string;
  readonly position: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly stream: string;
  readonly attempts: number;
  readonly error: string;
  readonly parkedAt: string;
}

export interface WorkerHealth {
  readonly id: string;
  readonly label: string;
  readonly kind: AccountKind;
  readonly status: AccountStatus;
  readonly build_id: string | null;
  readonly models: readonly string[];
  readonly last_health_at: string | null;
  readonly last_error: string | null;
}

/** `GET /admin/health` */
export interface AdminHealth {
  readonly ok: boolean;
  readonly event_store: {
    readonly kind: string;
    readonly ok: boolean;
    readonly position?: number;
    readonly error?: string;
    readonly last_seal_through: number | null;
  };
  readonly read_models: { readonly kind: string; readonly projections: readonly ProjectionHealth[] };
  readonly processes: {
    readonly managers: readonly ProcessManagerHealth[];
    readonly parked_events: readonly ParkedEvent[];
    readonly deadlines: { readonly scheduled: number; readonly parked: number };
  };
  readonly blob_store: { readonly ok: boolean; readonly path: string; readonly blobs: number | null };
  readonly accounts: { readonly total: number; readonly ready: number; readonly by_status: Readonly<Partial<Record<AccountStatus, number>>> };
  readonly workers: readonly WorkerHealth[];
}

// ── API keys and access codes (AUTH-3, AUTH-2 invite mode) ────────────────────────────────────

export type ApiKeyScope = 'generate' | 'read';
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['generate', 'read'];

export interface ApiKeyInfo {
  readonly id: string;
  readonly prefix: string;
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly status: 'active' | 'expired' | 'revoked';
  readonly created_at: string;
  readonly created_by: string;
  readonly expires_at: string;
  readonly last_used_at: string | null;
  readonly rotated_at: string | null;
  readonly previous_prefix: string | null;
  readonly previous_valid_until: string | null;
  readonly revoked_at: string | null;
}

export interface IssueApiKeyRequest {
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly expires_in_days: number;
}

/** `POST /admin/api-keys` → 201; `key` is in this answer only. */
export interface IssuedApiKey {
  readonly id: string;
  readonly key: string;
  readonly prefix: string;
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly created_at: string;
  readonly expires_at: string;
}

export interface RotateApiKeyRequest {
  readonly grace_hours: number;
}

/** `POST /admin/api-keys/{id}/rotate` → 200; `key` is in this answer only. */
export interface RotatedApiKey {
  readonly id: string;
  readonly key: string;
  readonly prefix: string;
  readonly expires_at: string;
  readonly previous_prefix: string;
  readonly previous_valid_until: string;
}

export interface AccessCodeInfo {
  readonly id: string;
  readonly prefix: string;
  readonly label: string;
  readonly max_uses: number;
  readonly uses: number;
  readonly status: 'active' | 'expired' | 'used_up' | 'revoked';
  readonly created_at: string;
  readonly created_by: string;
  readonly expires_at: string;
  readonly last_used_at: string | null;
  readonly revoked_at: string | null;
}

export interface IssueAccessCodeRequest {
  readonly label?: string;
  readonly max_uses: number;
  readonly expires_in_hours: number;
}

/** `POST /admin/access-codes` → 201; `code` is in this answer only. */
export interface IssuedAccessCode {
  readonly id: string;
  readonly code: string;
  readonly prefix: string;
  readonly label: string;
  readonly max_uses: number;
  readonly expires_at: string;
}

// ── Audit trail and replay (AUD-2..4) ─────────────────────────────────────────────────────────

export type AuditOutcome = 'success' | 'denied' | 'throttled';

export interface AuditEntry {
  readonly id: number;
  readonly event_id: string;
  readonly type: string;
  readonly timestamp: string;
  readonly actor: string;
  readonly source: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: AuditOutcome | (string & {});
  readonly correlation_id: string;
  readonly count: number;
  readonly details: Readonly<Record<string, unknown>>;
}

/** `GET /admin/audit` */
export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  readonly next_cursor: string | null;
}

/** `GET /admin/audit` query; empty values are left out of the URL. */
export interface AuditQuery {
  readonly actor?: string;
  readonly action?: string;
  readonly target?: string;
  readonly outcome?: string;
  /** ISO-8601, inclusive. */
  readonly from?: string;
  /** ISO-8601, exclusive. */
  readonly to?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface VerificationFailure {
  readonly position: number;
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly reason: string;
}

/** `GET /admin/audit/verify` — 200 either way (camelCase: the verifier's report as is). */
export interface VerificationReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly streamsChecked: number;
  readonly sealsChecked: number;
  readonly unsealedEvents: number;
  readonly headPosition: number;
  readonly firstBadEvent: VerificationFailure | null;
}

export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: string;
  readonly source: string;
  readonly timestamp: string;
}

/** One event of a task's stream, exactly as stored, with the folded task state after it. */
export interface TimelineEvent {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly prevHash: string;
  readonly hash: string;
  readonly state: unknown;
}

/** `GET /admin/tasks/{id}/events` */
export interface TaskTimeline {
  readonly stream: string;
  readonly aggregate: string | null;
  readonly through: number;
  readonly events: readonly TimelineEvent[];
  readonly state: unknown;
  readonly foldError?: string;
}
