import type { AdminSessionEvent } from '../../../contracts/events/admin-session-events.js';
import { ADMIN_SESSION_EVENT_TYPES } from '../../../contracts/events/admin-session-events.js';
import { API_KEY_EVENT_TYPES, type ApiKeyEvent } from '../../../contracts/events/api-key-events.js';
import { SECURITY_EVENT_TYPES, type SecurityEvent } from '../../../contracts/events/security-events.js';
import { ACCESS_CODE_EVENT_TYPES, SESSION_EVENT_TYPES, type AccessCodeEvent, type SessionEvent } from '../../../contracts/events/session-events.js';
import { ACCOUNT_EVENT_TYPES, type AccountEvent } from '../../../contracts/events/account-events.js';
import type { RecordedEvent } from '../platform/event-store/event-store.port.js';
import { assertNever } from '../platform/event-sourcing/decider.js';

/** What the audit trail records about an event beyond its metadata (actor, source, time, correlation id). */
export interface AuditFields {
  action: string;
  target: string;
  outcome: string;
  count: number;
  details: Record<string, unknown>;
}

/**
 * Every event type the audit trail reads (AUD-1). Features that add security or admin events (worker
 * accounts, deploys, projections) add their types and a case below, and bump AuditProjector.version so
 * the trail is rebuilt with them.
 */
export const AUDITED_EVENT_TYPES: readonly string[] = [
  ...SESSION_EVENT_TYPES,
  ...ACCESS_CODE_EVENT_TYPES,
  ...API_KEY_EVENT_TYPES,
  ...ADMIN_SESSION_EVENT_TYPES,
  ...SECURITY_EVENT_TYPES,
  ...ACCOUNT_EVENT_TYPES,
  'TaskOutputDeleted',
];

type Audited = SessionEvent | AccessCodeEvent | ApiKeyEvent | AdminSessionEvent | SecurityEvent | AccountEvent | { type: 'TaskOutputDeleted'; data: { task_id: string } };

/** Pure: the audit fields of an event, or null when it is not audit-relevant. Never copies a digest or secret. */
export function auditFieldsOf(recorded: RecordedEvent): AuditFields | null {
  const event = recorded as unknown as Audited;
  const ok = (action: string, target: string, details: Record<string, unknown> = {}): AuditFields => ({ action, target, outcome: 'success', count: 1, details });
  switch (event.type) {
    case 'SessionIssued':
      return ok('session_issue', `session:${event.data.session_id}`, { expires_at: event.data.expires_at, access_code_id: event.data.access_code_id });
    case 'SessionRevoked':
      return ok('session_revoke', `session:${event.data.session_id}`, { reason: event.data.reason });
    case 'SessionExpired':
      return ok('session_expire', `session:${event.data.session_id}`, { expired_at: event.data.expired_at });
    case 'AccessCodeIssued':
      return ok('access_code_issue', `access_code:${event.data.code_id}`, {
        prefix: event.data.prefix, label: event.data.label, max_uses: event.data.max_uses, expires_at: event.data.expires_at,
      });
    case 'AccessCodeRedeemed':
      return ok('access_code_redeem', `access_code:${event.data.code_id}`, { session_id: event.data.session_id, uses: event.data.uses });
    case 'AccessCodeRevoked':
      return ok('access_code_revoke', `access_code:${event.data.code_id}`);
    case 'ApiKeyIssued':
      return ok('api_key_issue', `api_key:${event.data.key_id}`, {
        name: event.data.name, scopes: event.data.scopes, prefix: event.data.prefix, expires_at: event.data.expires_at,
      });
    case 'ApiKeyRotated':
      return ok('api_key_rotate', `api_key:${event.data.key_id}`, {
        prefix: event.data.prefix, previous_prefix: event.data.previous_prefix, previous_valid_until: event.data.previous_valid_until, expires_at: event.data.expires_at,
      });
    case 'ApiKeyRevoked':
      return ok('api_key_revoke', `api_key:${event.data.key_id}`, { reason: event.data.reason });
    case 'AdminSessionIssued':
      return ok('admin_session_create', `admin_session:${event.data.admin_session_id}`, { auth: 'header', expires_at: event.data.expires_at });
    case 'AdminSessionRevoked':
      return ok('admin_session_delete', `admin_session:${event.data.admin_session_id}`, { reason: event.data.reason });
    case 'AdminSessionExpired':
      return ok('admin_session_expire', `admin_session:${event.data.admin_session_id}`, { reason: event.data.reason, last_activity_at: event.data.last_activity_at });
    case 'AccessDenied':
    case 'RequestThrottled':
    case 'CorsOriginBlocked':
    case 'AdminRouteAccessed':
      return {
        action: event.data.action,
        target: event.data.target,
        outcome: event.data.outcome,
        count: event.data.count,
        details: { reason: event.data.reason, first_at: event.data.first_at, last_at: event.data.last_at, correlation_ids: event.data.correlation_ids, ...event.data.details },
      };
    case 'AccountRegistered':
      return ok('account_create', `account:${event.data.account_id}`, {
        kind: event.data.kind, label: event.data.label, base_url: event.data.base_url, workspace: event.data.workspace,
        credential_fingerprint: event.data.credential_fingerprint, source: event.data.source,
      });
    case 'AccountDeployStarted':
      return ok('account_deploy_start', `account:${event.data.account_id}`);
    case 'AccountDeployStepRecorded':
      return {
        action: 'account_deploy_step', target: `account:${event.data.account_id}`, outcome: event.data.outcome === 'ok' ? 'success' : 'failure', count: 1,
        details: { step: event.data.step, attempt: event.data.attempt, message: event.data.message },
      };
    case 'AccountDeployed':
      return ok('account_deploy', `account:${event.data.account_id}`);
    case 'AccountHealthCheckStarted':
      return ok('account_health_check', `account:${event.data.account_id}`, { reason: event.data.reason });
    case 'AccountReady':
      return ok('account_ready', `account:${event.data.account_id}`, { build_id: event.data.build_id, models: event.data.models });
    case 'AccountFailed':
      return { action: 'account_failed', target: `account:${event.data.account_id}`, outcome: 'failure', count: 1, details: { failure_type: event.data.failure_type, message: event.data.message, retry_after: event.data.retry_after } };
    case 'AccountDisabled':
      return ok('account_disable', `account:${event.data.account_id}`, { reason: event.data.reason, message: event.data.message });
    case 'AccountEnabled':
      return ok('account_enable', `account:${event.data.account_id}`);
    case 'AccountBudgetSet':
      return ok('account_budget_set', `account:${event.data.account_id}`, { monthly_budget_usd: event.data.monthly_budget_usd });
    case 'AccountDeleted':
      return ok('account_delete', `account:${event.data.account_id}`);
    case 'TaskOutputDeleted':
      // Owners deleting their own outputs are not admin actions; an admin's deletion is (GAL-2).
      return recorded.metadata.actor.startsWith('admin:') ? ok('gallery_delete', `task:${event.data.task_id}`) : null;
    default:
      return assertNever(event, 'audited event');
  }
}
