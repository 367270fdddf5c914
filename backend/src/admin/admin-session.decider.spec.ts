import type { AdminSessionEvent } from '../../../contracts/events/admin-session-events.js';
import { deciderSpec } from '../platform/testing/decider-spec.js';
import type { AdminSessionCommand } from './admin-session.commands.js';
import { adminSessionDecider } from './admin-session.decider.js';

const issued = { admin_session_id: 'a1', token_hash: 'h', issued_at: '2026-01-01T00:00:00.000Z', expires_at: '2026-01-01T12:00:00.000Z', idle_timeout_seconds: 1800, key_fingerprint: '0123456789abcdef' };
const Issued: AdminSessionEvent = { type: 'AdminSessionIssued', data: issued };
const expire = (reason: 'idle' | 'absolute', at: string, last = '2026-01-01T00:00:00.000Z'): AdminSessionCommand => ({
  type: 'ExpireAdminSession',
  data: { admin_session_id: 'a1', reason, at, last_activity_at: last },
});
const given = deciderSpec(adminSessionDecider);

describe('admin session decider (AUTH-4)', () => {
  it('AUTH-4: opens a session', () => given([]).when({ type: 'IssueAdminSession', data: issued }).then([Issued]));
  it('AUTH-4: never opens the same session twice', () => given([Issued]).when({ type: 'IssueAdminSession', data: issued }).thenThrows('illegal_transition'));
  it('AUTH-4: logout revokes it, once', () => {
    given([Issued]).when({ type: 'RevokeAdminSession', data: { admin_session_id: 'a1' } }).then([{ type: 'AdminSessionRevoked', data: { admin_session_id: 'a1', reason: 'logout' } }]);
    given([Issued, { type: 'AdminSessionRevoked', data: { admin_session_id: 'a1', reason: 'logout' } }]).when({ type: 'RevokeAdminSession', data: { admin_session_id: 'a1' } }).then([]);
  });
  it('AUTH-4: expires after 30 min without activity', () =>
    given([Issued]).when(expire('idle', '2026-01-01T00:40:00.000Z', '2026-01-01T00:10:00.000Z')).then([{
      type: 'AdminSessionExpired',
      data: { admin_session_id: 'a1', reason: 'idle', expired_at: '2026-01-01T00:40:00.000Z', last_activity_at: '2026-01-01T00:10:00.000Z' },
    }]));
  it('AUTH-4: an idle claim that is not true yet records nothing', () => given([Issued]).when(expire('idle', '2026-01-01T00:39:59.000Z', '2026-01-01T00:10:00.000Z')).then([]));
  it('AUTH-4: expires 12 h after login whatever the activity', () =>
    given([Issued]).when(expire('absolute', '2026-01-01T12:00:00.000Z', '2026-01-01T11:59:00.000Z')).then([{
      type: 'AdminSessionExpired',
      data: { admin_session_id: 'a1', reason: 'absolute', expired_at: '2026-01-01T12:00:00.000Z', last_activity_at: '2026-01-01T11:59:00.000Z' },
    }]));
  it('AUTH-4: not a second before 12 h', () => given([Issued]).when(expire('absolute', '2026-01-01T11:59:59.000Z')).then([]));
  it('AUTH-4: an ended session records no further expiry', () =>
    given([Issued, { type: 'AdminSessionExpired', data: { admin_session_id: 'a1', reason: 'idle', expired_at: 'x', last_activity_at: 'y' } }])
      .when(expire('absolute', '2026-01-02T00:00:00.000Z')).then([]));
});
