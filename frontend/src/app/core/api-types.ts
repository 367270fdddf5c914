/**
 * Response shapes of the public HTTP API (COMPAT section of the mission; `specs/http-api.md`).
 * They mirror `contracts/http/` and are to be replaced by imports from it once it is published, so the
 * client and the server share one definition.
 */

/** `GET /health` */
export interface HealthResponse {
  readonly ok: boolean;
}

/** `GET /auth/session` */
export interface SessionInfo {
  readonly valid: boolean;
  readonly active: boolean;
  /** ISO-8601 timestamp, or null when there is no session. */
  readonly expires_at: string | null;
}

export type ModelId = 'anisora' | 'phr00t' | 'pony' | 'flux';
export type MediaType = 'image' | 'video';

/** One family of `GET /models`. The parameter schema comes from `inference_settings.json` (CAT-1). */
export interface ModelSummary {
  readonly id: ModelId | (string & {});
  readonly name: string;
  readonly type: MediaType;
  readonly modes: readonly string[];
  readonly parameters_schema: Readonly<Record<string, unknown>>;
  readonly [extra: string]: unknown;
}

/** `GET /models` */
export interface ModelsResponse {
  readonly models: readonly ModelSummary[];
}

/** Every non-2xx body (SEC-4). */
export interface ErrorBody {
  readonly code: string;
  readonly detail: string;
  readonly user_action: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}
