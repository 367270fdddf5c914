import { DomainError } from '../errors/domain-error.js';
import type { Principal } from './principal.js';

/**
 * Ports the authentication guards call; the sessions, api-keys and admin features implement them (the
 * platform knows no feature, house style rule 13). A verifier answers a verdict for a presented value, or
 * throws when its store cannot be read — the guard then answers 503 auth_unavailable (AUTH-6).
 */
export type CredentialVerdict =
  | { ok: true; principal: Principal }
  | { ok: false; code: 'invalid_api_key' | 'session_required' | 'session_expired' | 'admin_session_required'; reason: string };

export interface ApiKeyVerifier {
  verifyApiKey(presented: string): Promise<CredentialVerdict>;
}

export interface SessionVerifier {
  verifySession(token: string): Promise<CredentialVerdict>;
}

export interface AdminSessionVerifier {
  /** `touch` moves the sliding idle timeout (any successful admin request does). */
  verifyAdminSession(token: string, options: { touch: boolean }): Promise<CredentialVerdict>;
}

export const API_KEY_VERIFIER = Symbol('API_KEY_VERIFIER');
export const SESSION_VERIFIER = Symbol('SESSION_VERIFIER');
export const ADMIN_SESSION_VERIFIER = Symbol('ADMIN_SESSION_VERIFIER');

const MESSAGES: Record<Exclude<CredentialVerdict, { ok: true }>['code'], { detail: string; action: string }> = {
  invalid_api_key: {
    detail: 'The API key is not valid.',
    action: 'Check the X-API-Key value; ask an admin for a new key if it expired or was revoked.',
  },
  session_required: {
    detail: 'This route needs a session or an API key.',
    action: 'Create a session with POST /auth/session (the web app does this for you) or send X-API-Key.',
  },
  session_expired: {
    detail: 'The session has expired.',
    action: 'Create a new session with POST /auth/session.',
  },
  admin_session_required: {
    detail: 'This route needs an admin session.',
    action: 'Open one with POST /admin/session and the X-Admin-Key header, then retry.',
  },
};

/** The one coded error for a rejected credential (AUTH-5); the reason is metadata, never a secret. */
export function credentialError(verdict: Exclude<CredentialVerdict, { ok: true }>): DomainError {
  const message = MESSAGES[verdict.code];
  return new DomainError(verdict.code, message.detail, { userAction: message.action, metadata: { reason: verdict.reason } });
}

export function authUnavailable(cause?: unknown): DomainError {
  return new DomainError('auth_unavailable', 'Credentials cannot be checked right now.', {
    userAction: 'Try again in a moment; if it persists, the operator must check the server.',
    cause,
  });
}

/** Store failures while issuing or checking credentials answer 503 auth_unavailable, never anonymous access. */
export async function failClosed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && error.code !== 'service_unavailable' && error.code !== 'internal_error') throw error;
    throw authUnavailable(error);
  }
}
