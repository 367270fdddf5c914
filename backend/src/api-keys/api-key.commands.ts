import type { ApiKeyIssuedData } from '../../../contracts/events/api-key-events.js';

/** Commands on one API key (AUTH-3). Secrets never travel in commands: only their sha256. */
export type ApiKeyCommand =
  | { type: 'IssueApiKey'; data: ApiKeyIssuedData }
  | { type: 'RotateApiKey'; data: { key_id: string; prefix: string; secret_hash: string; at: string; lifetime_days?: number; grace_seconds: number } }
  | { type: 'RevokeApiKey'; data: { key_id: string; at: string; reason: string } };
