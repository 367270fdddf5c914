/**
 * Generation sessions (stream `session-<id>`) and invite access codes (stream `access-code-<id>`), AUTH-2.
 * Plain JSON, discriminated on `type`, schema version 1. No secret is ever part of an event: tokens and codes
 * are 256-bit random values of which only the sha256 is kept (see specs/security.md).
 */
export const SESSION_EVENT_SCHEMA_VERSION = 1;

export interface SessionIssuedData {
  session_id: string;
  /** sha256 (hex) of the opaque cookie token; the token itself is never stored. */
  token_hash: string;
  issued_at: string;
  /** Absolute end of the session (24 h after issue; never extended). */
  expires_at: string;
  /** The invite access code redeemed for this session (ACCESS_MODE=invite), else null. */
  access_code_id: string | null;
}

export interface SessionRevokedData {
  session_id: string;
  reason: 'logout' | 'admin';
}

export interface SessionExpiredData {
  session_id: string;
  expired_at: string;
}

export type SessionEvent =
  | { type: 'SessionIssued'; data: SessionIssuedData }
  | { type: 'SessionRevoked'; data: SessionRevokedData }
  | { type: 'SessionExpired'; data: SessionExpiredData };

export const SESSION_EVENT_TYPES: readonly SessionEvent['type'][] = ['SessionIssued', 'SessionRevoked', 'SessionExpired'];

export function sessionStream(sessionId: string): string {
  return `session-${sessionId}`;
}

export interface AccessCodeIssuedData {
  code_id: string;
  /** sha256 (hex) of the code's secret part. */
  code_hash: string;
  /** What admins see in lists: `ggc_<id>_` plus the first 4 characters of the secret. */
  prefix: string;
  label: string;
  max_uses: number;
  expires_at: string;
}

export interface AccessCodeRedeemedData {
  code_id: string;
  session_id: string;
  /** Uses after this one. */
  uses: number;
}

export interface AccessCodeRevokedData {
  code_id: string;
}

export type AccessCodeEvent =
  | { type: 'AccessCodeIssued'; data: AccessCodeIssuedData }
  | { type: 'AccessCodeRedeemed'; data: AccessCodeRedeemedData }
  | { type: 'AccessCodeRevoked'; data: AccessCodeRevokedData };

export const ACCESS_CODE_EVENT_TYPES: readonly AccessCodeEvent['type'][] = ['AccessCodeIssued', 'AccessCodeRedeemed', 'AccessCodeRevoked'];

export function accessCodeStream(codeId: string): string {
  return `access-code-${codeId}`;
}
