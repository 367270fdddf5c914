/**
 * API keys (stream `apikey-<id>`), AUTH-3. A key is `gg_<id>_<secret>`; events keep only the sha256 of the
 * secret and a display prefix. Schema version 1.
 */
export const API_KEY_EVENT_SCHEMA_VERSION = 1;

export type ApiKeyScope = 'generate' | 'read';

export interface ApiKeyIssuedData {
  key_id: string;
  name: string;
  scopes: ApiKeyScope[];
  /** `gg_<id>_` plus the first 4 characters of the secret: enough to recognise a key, useless to use it. */
  prefix: string;
  /** sha256 (hex) of the secret part. */
  secret_hash: string;
  issued_at: string;
  expires_at: string;
  /** Lifetime chosen at issue (≤ 90 days); a rotation grants the same lifetime again. */
  lifetime_days: number;
}

export interface ApiKeyRotatedData {
  key_id: string;
  prefix: string;
  secret_hash: string;
  rotated_at: string;
  expires_at: string;
  /** The secret before this rotation keeps working until then (the grace period), then never again. */
  previous_prefix: string;
  previous_valid_until: string;
}

export interface ApiKeyRevokedData {
  key_id: string;
  revoked_at: string;
  reason: string;
}

export type ApiKeyEvent =
  | { type: 'ApiKeyIssued'; data: ApiKeyIssuedData }
  | { type: 'ApiKeyRotated'; data: ApiKeyRotatedData }
  | { type: 'ApiKeyRevoked'; data: ApiKeyRevokedData };

export const API_KEY_EVENT_TYPES: readonly ApiKeyEvent['type'][] = ['ApiKeyIssued', 'ApiKeyRotated', 'ApiKeyRevoked'];

export function apiKeyStream(keyId: string): string {
  return `apikey-${keyId}`;
}
