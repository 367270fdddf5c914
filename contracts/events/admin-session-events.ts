/**
 * Admin sessions (stream `admin-session-<id>`), AUTH-4: opened with the X-Admin-Key header, 30 min idle
 * (sliding; the last activity is kept outside the log, see specs/decisions.md) and 12 h absolute. Schema 1.
 */
export const ADMIN_SESSION_EVENT_SCHEMA_VERSION = 1;

export interface AdminSessionIssuedData {
  admin_session_id: string;
  /** sha256 (hex) of the cookie token. */
  token_hash: string;
  issued_at: string;
  /** Absolute end (12 h after issue). */
  expires_at: string;
  idle_timeout_seconds: number;
  /**
   * 16 hex of HMAC-SHA256(admin key, "gg-admin-session"): names the admin key that opened the session, so a
   * new ADMIN_KEY ends every session opened with the old one. Not reversible to the key.
   */
  key_fingerprint: string;
}

export interface AdminSessionRevokedData {
  admin_session_id: string;
  reason: 'logout';
}

export interface AdminSessionExpiredData {
  admin_session_id: string;
  reason: 'idle' | 'absolute';
  expired_at: string;
  last_activity_at: string;
}

export type AdminSessionEvent =
  | { type: 'AdminSessionIssued'; data: AdminSessionIssuedData }
  | { type: 'AdminSessionRevoked'; data: AdminSessionRevokedData }
  | { type: 'AdminSessionExpired'; data: AdminSessionExpiredData };

export const ADMIN_SESSION_EVENT_TYPES: readonly AdminSessionEvent['type'][] = ['AdminSessionIssued', 'AdminSessionRevoked', 'AdminSessionExpired'];

export function adminSessionStream(adminSessionId: string): string {
  return `admin-session-${adminSessionId}`;
}
