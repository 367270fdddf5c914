/**
 * Request and response shapes of the public HTTP API (`specs/http-api.md`, mission COMPAT). The catalog
 * types come from `contracts/settings`, the one definition the backend validates against.
 */
import type { FieldValue, InferenceSettings, MediaType } from '@gg/contracts/settings';

export type { MediaType } from '@gg/contracts/settings';

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
  /** Why the cookie is not a valid session (`missing`, `expired`, …); absent when valid. */
  readonly reason?: string | null;
  /** `invite`: a new session needs an access code issued by an admin (AUTH-2). */
  readonly access_mode?: 'open' | 'invite';
}

export type ModelId = 'anisora' | 'phr00t' | 'pony' | 'flux';

/** One family of `GET /models` in the predecessor's shape (COMPAT). */
export interface ModelSummary {
  readonly id: ModelId | (string & {});
  readonly name: string;
  readonly type: MediaType;
  readonly modes: readonly string[];
  readonly parameters_schema: Readonly<Record<string, unknown>>;
  readonly [extra: string]: unknown;
}

/** `GET /models`: the compat list plus `catalog`, the whole `inference_settings.json` (CAT-3). */
export interface ModelsResponse {
  readonly models: readonly ModelSummary[];
  readonly catalog: InferenceSettings;
}

/** One keyframe of `arbitrary_frame` mode. */
export interface KeyframeInput {
  readonly frame_index: number;
  /** Data URI or base64. */
  readonly image: string;
  readonly strength?: number;
}

/**
 * `POST /generate` body: flat, as the predecessor's. Besides the listed keys it carries the model's own
 * parameters by name (`steps`, `num_frames`, …) and the image fields (`reference_image`, …).
 */
export interface GenerateRequest {
  readonly model: string;
  readonly mode: string;
  readonly prompt: string;
  readonly keyframes?: readonly KeyframeInput[];
  readonly [field: string]: FieldValue | readonly KeyframeInput[] | undefined;
}

/** A value the server changed because the model cannot use it as sent (reported, never silent). */
export interface Adjustment {
  readonly field: string;
  readonly requested: FieldValue;
  readonly used: FieldValue;
  readonly reason: string;
}

/** `POST /generate` → 200 */
export interface GenerateResponse {
  readonly task_id: string;
  readonly status: 'pending';
  readonly seed: number;
  readonly adjustments: readonly Adjustment[];
}

/** One rejected field of a 422 `validation_error` (`metadata.fields`). */
export interface ValidationFieldError {
  /** The request key as sent: `width`, `cfg`, `keyframes[1].strength`, `(body)`. */
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export type TaskStatus = 'pending' | 'processing' | 'done' | 'failed' | 'canceled';
export type TaskStage = 'queued' | 'dispatched' | 'loading_model' | 'inferring' | 'encoding' | 'storing' | (string & {});

export const TERMINAL_STATUSES: readonly TaskStatus[] = ['done', 'failed', 'canceled'];

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export interface TaskError {
  readonly code: string;
  readonly message: string;
  readonly user_action: string;
}

/** The stored media of a finished task (`result`, `preview`). */
export interface MediaInfo {
  readonly mime: string;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
  readonly sha256: string;
  readonly frames?: number;
  readonly fps?: number;
  readonly duration_seconds?: number;
}

export interface TaskTimings {
  readonly queued_ms: number | null;
  readonly processing_ms: number | null;
  readonly total_ms: number | null;
}

/** `GET /status/{id}`, each SSE `status` event, and `POST /tasks/{id}/cancel`. */
export interface StatusDocument {
  readonly task_id: string;
  readonly status: TaskStatus;
  readonly progress: number;
  readonly stage: TaskStage;
  readonly error_msg: string | null;
  readonly error: TaskError | null;
  readonly result_url: string | null;
  readonly preview_url: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly model: string;
  readonly type: MediaType;
  readonly mode: string;
  readonly prompt: string;
  readonly negative_prompt: string;
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly output_format: string;
  readonly parameters: Readonly<Record<string, FieldValue>>;
  readonly adjustments: readonly Adjustment[];
  readonly queue_position: number | null;
  readonly step: number | null;
  readonly total_steps: number | null;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly timings: TaskTimings;
  readonly result: MediaInfo | null;
  readonly preview: MediaInfo | null;
  /** What the worker reports it really used (size, seed, steps); a field the server adds beyond the spec. */
  readonly used?: Readonly<Record<string, FieldValue>> | null;
  readonly retry_of: string | null;
  readonly retried_as: string | null;
}

/** `POST /tasks/{id}/retry` → 200 */
export interface RetryResponse {
  readonly task_id: string;
  readonly status: 'pending';
  readonly retry_of: string;
}

export type GallerySort = 'created_at' | 'model' | 'width' | 'height';

/** `GET /gallery` query. Empty filters are left out of the URL. */
export interface GalleryQuery {
  readonly page: number;
  readonly per_page: number;
  readonly model?: string;
  readonly type?: MediaType;
  readonly owner?: 'me';
  readonly sort?: GallerySort;
}

export interface GalleryItem {
  readonly id: string;
  readonly model: string;
  readonly type: MediaType;
  readonly mode: string;
  readonly prompt: string;
  readonly negative_prompt: string;
  readonly parameters: Readonly<Record<string, FieldValue>>;
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly output_format: string;
  readonly created_at: string;
  readonly completed_at: string | null;
  readonly preview_url: string;
  readonly result_url: string;
  readonly mime: string;
  readonly bytes: number;
  readonly duration_seconds: number | null;
  readonly frames: number | null;
  readonly fps: number | null;
  readonly timings: TaskTimings;
  readonly mine: boolean;
}

/** `GET /gallery` */
export interface GalleryPage {
  readonly items: readonly GalleryItem[];
  readonly total: number;
  readonly page: number;
  readonly per_page: number;
  readonly has_more: boolean;
}

/** `DELETE /gallery/{id}` → 200 */
export interface DeleteGalleryResponse {
  readonly deleted: true;
  readonly id: string;
}

/** Every non-2xx body (SEC-4). */
export interface ErrorBody {
  readonly code: string;
  readonly detail: string;
  readonly user_action: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}
