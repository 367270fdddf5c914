/**
 * The HTTP contract every GPU worker speaks (the Modal app in `gpu/modal`, the simulator in
 * `gpu/simulator`). Prose and OpenAPI: `specs/worker-api.md`. Dependency-free on purpose: the backend,
 * the simulator and tests import it without pulling in any framework.
 *
 * Wire names are snake_case because the Python worker serialises the same shapes.
 */

/** Model ids a worker can run. The catalog alias `wan-remix` is resolved to `phr00t` by the backend. */
export const WORKER_MODELS = ['anisora', 'phr00t', 'pony', 'flux'] as const;
export type WorkerModel = (typeof WORKER_MODELS)[number];

export type WorkerJobType = 'image' | 'video';
export type WorkerOutputFormat = 'png' | 'jpeg' | 'mp4' | 'webm';

/** Which kind of output each model produces; a request whose `type` disagrees is invalid. */
export const WORKER_MODEL_TYPES: Readonly<Record<WorkerModel, WorkerJobType>> = {
  anisora: 'video',
  phr00t: 'video',
  pony: 'image',
  flux: 'image',
};

export const WORKER_CONTENT_TYPES: Readonly<Record<WorkerOutputFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  mp4: 'video/mp4',
  webm: 'video/webm',
};

/** Header carrying the hex sha256 of a result or preview body, so the receiver can verify the copy. */
export const CONTENT_SHA256_HEADER = 'X-Content-SHA256';
/** Modal proxy-auth headers; sent only to Modal deployments, ignored by other workers. */
export const MODAL_KEY_HEADER = 'Modal-Key';
export const MODAL_SECRET_HEADER = 'Modal-Secret';

export interface JobImage {
  /** e.g. `reference_image`, `first_frame_image`, `last_frame_image`, `keyframe`. */
  role: string;
  frame_index?: number;
  strength?: number;
  mime: string;
  data_base64: string;
}

export type JobParameterValue = number | string | boolean;

/** `POST /jobs` body. `seed` is always concrete: `-1` is resolved by the backend before dispatch. */
export interface JobRequest {
  job_id: string;
  model: WorkerModel;
  type: WorkerJobType;
  mode: string;
  prompt: string;
  negative_prompt: string;
  seed: number;
  width: number;
  height: number;
  output_format: WorkerOutputFormat;
  parameters: Record<string, JobParameterValue>;
  images?: JobImage[];
  /** Optional push target; the worker POSTs every `JobStatus` change there (best effort). */
  callback_url?: string;
}

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const TERMINAL_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'canceled'];

/** Stages in the order a job passes them; `progress` and `stage` never go backwards. */
export const JOB_STAGES = ['queued', 'loading_model', 'inferring', 'encoding', 'storing', 'done'] as const;
export type JobStage = (typeof JOB_STAGES)[number];

export type JobErrorCode = 'gpu_out_of_memory' | 'worker_error' | 'invalid_request' | 'canceled';

export interface JobError {
  code: JobErrorCode;
  message: string;
}

export interface JobResultInfo {
  content_type: string;
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  frames?: number;
  fps?: number;
  duration_seconds?: number;
}

export interface JobPreviewInfo {
  content_type: 'image/jpeg';
  sha256: string;
  bytes: number;
  width: number;
  height: number;
}

/** The values the worker actually used after applying the model's rules (rounding, snapping, 4k+1). */
export interface JobUsedSettings {
  width: number;
  height: number;
  seed: number;
  steps?: number;
  num_frames?: number;
  fps?: number;
}

export interface JobStatus {
  job_id: string;
  state: JobState;
  /** Integer 0–100; never decreases. */
  progress: number;
  stage: JobStage;
  step?: number;
  total_steps?: number;
  error?: JobError;
  result?: JobResultInfo;
  preview?: JobPreviewInfo;
  used: JobUsedSettings;
  /** ISO-8601 timestamps. */
  created_at: string;
  started_at?: string;
  finished_at?: string;
}

export interface WorkerCapacity {
  max_concurrent_jobs: number;
  running_jobs: number;
  queued_jobs: number;
}

/** `GET /health` body. */
export interface WorkerHealth {
  ok: true;
  build_id: string;
  models: string[];
  capacity: WorkerCapacity;
}

/** Codes a worker answers in the body of a non-2xx response. Workers may add codes. */
export type WorkerErrorCode =
  | 'unauthorized'
  | 'invalid_request'
  | 'unsupported_model'
  | 'job_conflict'
  | 'job_not_found'
  | 'job_not_finished'
  | 'capacity_exhausted'
  | 'not_found'
  | 'payload_too_large'
  | 'worker_error'
  | 'worker_unavailable';

/** Body of every non-2xx response. */
export interface WorkerErrorBody {
  code: WorkerErrorCode | (string & {});
  detail: string;
  user_action: string;
}
