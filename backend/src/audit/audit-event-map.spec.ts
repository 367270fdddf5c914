import type { RecordedEvent } from '../platform/event-store/event-store.port.js';
import { AUDITED_EVENT_TYPES, auditFieldsOf } from './audit-event-map.js';
import { auditEntryOf } from './audit.projector.js';

const security = { action: 'GET /gallery', target: '/gallery', outcome: 'denied', reason: 'invalid_api_key', count: 3, first_at: 't', last_at: 't', correlation_ids: ['c'], details: { why: 'unknown' } };
const account = { account_id: 'acc-1' };
const samples: Record<string, unknown> = {
  AccountRegistered: { ...account, kind: 'http', label: 'sim', base_url: 'http://127.0.0.1:9', workspace: null, credential_ref: 'ref-1', credential_fingerprint: 'fp', monthly_budget_usd: null, source: 'admin' },
  AccountDeployStarted: account,
  AccountDeployStepRecorded: { ...account, step: 'health_check', attempt: 1, outcome: 'ok', message: 'healthy' },
  AccountDeployed: account,
  AccountHealthCheckStarted: { ...account, reason: 'admin' },
  AccountReady: { ...account, build_id: 'b', models: ['flux'], max_concurrent_jobs: 1 },
  AccountFailed: { ...account, failure_type: 'timeout', message: 'slow', retry_after: '2026-01-01T00:00:00Z' },
  AccountDisabled: { ...account, reason: 'admin', message: 'off' },
  AccountEnabled: account,
  AccountBudgetSet: { ...account, monthly_budget_usd: 10 },
  AccountDeleted: { ...account, credential_ref: 'ref-1' },
  SessionIssued: { session_id: 's', token_hash: 'f'.repeat(64), issued_at: 't', expires_at: 't', access_code_id: null },
  SessionRevoked: { session_id: 's', reason: 'logout' },
  SessionExpired: { session_id: 's', expired_at: 't' },
  AccessCodeIssued: { code_id: 'c', code_hash: 'e'.repeat(64), prefix: 'ggc_c_abcd', label: 'l', max_uses: 1, expires_at: 't' },
  AccessCodeRedeemed: { code_id: 'c', session_id: 's', uses: 1 },
  AccessCodeRevoked: { code_id: 'c' },
  ApiKeyIssued: { key_id: 'k', name: 'n', scopes: ['read'], prefix: 'gg_k_abcd', secret_hash: 'd'.repeat(64), issued_at: 't', expires_at: 't', lifetime_days: 90 },
  ApiKeyRotated: { key_id: 'k', prefix: 'p2', secret_hash: 'c'.repeat(64), rotated_at: 't', expires_at: 't', previous_prefix: 'p1', previous_valid_until: 't' },
  ApiKeyRevoked: { key_id: 'k', revoked_at: 't', reason: 'r' },
  AdminSessionIssued: { admin_session_id: 'a', token_hash: 'b'.repeat(64), issued_at: 't', expires_at: 't', idle_timeout_seconds: 1800, key_fingerprint: '0123456789abcdef' },
  AdminSessionRevoked: { admin_session_id: 'a', reason: 'logout' },
  AdminSessionExpired: { admin_session_id: 'a', reason: 'idle', expired_at: 't', last_activity_at: 't' },
  AccessDenied: security,
  RequestThrottled: { ...security, outcome: 'throttled', reason: 'rate_limited' },
  CorsOriginBlocked: { ...security, action: 'cors_request', target: 'https://evil.example' },
  AdminRouteAccessed: { ...security, outcome: 'success', reason: 'ok' },
  TaskOutputDeleted: { task_id: 't1', result_sha256: null, preview_sha256: null },
};

function recorded(type: string, actor = 'admin:a'): RecordedEvent {
  return {
    id: `e-${type}`, stream: 'x', revision: 0, position: 7, type, schemaVersion: 1, data: samples[type], prevHash: '', hash: '',
    metadata: { correlationId: 'corr', causationId: null, actor, source: '10.0.0.1', timestamp: '2026-01-01T00:00:00.000Z' },
  };
}

describe('audit event map (AUD-1, AUD-5)', () => {
  it.each(AUDITED_EVENT_TYPES.map((type) => [type]))('SC-6: %s gives an entry with every AUD-1 field and no digest', (type) => {
    const entry = auditEntryOf(recorded(type))!;
    expect(entry).not.toBeNull();
    for (const field of ['actor', 'source', 'action', 'target', 'outcome', 'timestamp', 'correlationId'] as const) expect(entry[field]).toBeTruthy();
    expect(JSON.stringify(entry)).not.toMatch(/[0-9a-f]{64}/);
  });

  it('AUD-1: security events keep their fold count', () => {
    expect(auditFieldsOf(recorded('AccessDenied'))).toMatchObject({ action: 'GET /gallery', outcome: 'denied', count: 3, details: { reason: 'invalid_api_key' } });
  });

  it('GAL-2: an owner deleting their own output is not an admin action', () => {
    expect(auditFieldsOf(recorded('TaskOutputDeleted', 'session:s1'))).toBeNull();
  });
});
