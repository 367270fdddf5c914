/**
 * Events of a generation task (stream `task-<id>`). Plain JSON in a discriminated union on `type`;
 * `TASK_EVENT_SCHEMA_VERSION` is stored with each event and older versions are upcast on read.
 * The catalog with every field explained is specs/events.md.
 */
export const TASK_EVENT_SCHEMA_VERSION = 1;

export type TaskStatus = 'pending' | 'processing' | 'done' | 'failed' | 'canceled';
export type TaskStage = 'queued' | 'dispatched' | 'loading_model' | 'inferring' | 'encoding' | 'storing' | 'done';
export type MediaType = 'image' | 'video';

export interface TaskOwner {
  kind: 'session' | 'api_key' | 'anonymous' | 'system';
  id: string;
}

export interface StoredImageRef {
  role: 'reference_image' | 'first_frame_image' | 'last_frame_image' | 'keyframe';
  frame_index?: number;
  strength?: number;
  mime: string;
  width: number;
  height: number;
  sha256: string;
  bytes: number;
}

export interface Adjustment {
  field: string;
  requested: unknown;
  used: unknown;
  reason: string;
}

export interface TaskSubmittedData {
  task_id: string;
  owner: TaskOwner;
  model: string;
  type: MediaType;
  mode: string;
  prompt: string;
  negative_prompt: string;
  width: number;
  height: number;
  /** The concrete seed (−1 is resolved before the event is written, GEN-7). */
  seed: number;
  requested_seed: number;
  output_format: string;
  parameters: Record<string, number | string | boolean>;
  adjustments: Adjustment[];
  images: StoredImageRef[];
  /** sha256 of the normalised request, to recognise an Idempotency-Key reused with another body. */
  request_hash: string;
  retry_of: string | null;
  /** Deadlines (ms) decided at submission from configuration, so replays use the same values. */
  pending_timeout_ms: number;
  processing_timeout_ms: number;
}

export interface TaskDispatchedData {
  task_id: string;
  account_id: string;
  job_id: string;
  attempt: number;
  /** Estimated cost of the job in USD, fixed at dispatch so account counters rebuild exactly. */
  estimated_cost_usd: number;
}

/** A routing decision that did not work out: this account refused or did not answer (ADM-3). */
export interface TaskDispatchFailedData {
  task_id: string;
  account_id: string;
  attempt: number;
  /** The worker client's classification: capacity, server_error, timeout, network, unauthorized, quota, … */
  kind: string;
  code: string;
  message: string;
}

export interface TaskStartedData {
  task_id: string;
}

export interface TaskProgressedData {
  task_id: string;
  progress: number;
  stage: TaskStage;
  step?: number;
  total_steps?: number;
}

export interface MediaRef {
  sha256: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  frames?: number;
  fps?: number;
  duration_seconds?: number;
}

export interface TaskCompletedData {
  task_id: string;
  result: MediaRef;
  preview: MediaRef;
  /** What the worker actually used (size after rounding, frames, steps, seed). */
  used: Record<string, number | string>;
}

export interface TaskError {
  code: string;
  message: string;
  user_action: string;
}

export interface TaskFailedData extends TaskError {
  task_id: string;
}

export interface TaskCanceledData {
  task_id: string;
  reason: string;
}

export interface TaskExpiredData extends TaskError {
  task_id: string;
  code: 'stale_timeout' | 'worker_start_timeout';
  phase: 'pending' | 'processing';
}

export interface TaskOutputDeletedData {
  task_id: string;
  result_sha256: string | null;
  preview_sha256: string | null;
}

export interface TaskRetriedData {
  task_id: string;
  new_task_id: string;
}

export type TaskEvent =
  | { type: 'TaskSubmitted'; data: TaskSubmittedData }
  | { type: 'TaskDispatched'; data: TaskDispatchedData }
  | { type: 'TaskDispatchFailed'; data: TaskDispatchFailedData }
  | { type: 'TaskStarted'; data: TaskStartedData }
  | { type: 'TaskProgressed'; data: TaskProgressedData }
  | { type: 'TaskCompleted'; data: TaskCompletedData }
  | { type: 'TaskFailed'; data: TaskFailedData }
  | { type: 'TaskCanceled'; data: TaskCanceledData }
  | { type: 'TaskExpired'; data: TaskExpiredData }
  | { type: 'TaskOutputDeleted'; data: TaskOutputDeletedData }
  | { type: 'TaskRetried'; data: TaskRetriedData };

export type TaskEventType = TaskEvent['type'];

export const TASK_EVENT_TYPES: readonly TaskEventType[] = [
  'TaskSubmitted',
  'TaskDispatched',
  'TaskDispatchFailed',
  'TaskStarted',
  'TaskProgressed',
  'TaskCompleted',
  'TaskFailed',
  'TaskCanceled',
  'TaskExpired',
  'TaskOutputDeleted',
  'TaskRetried',
];

export function taskStream(taskId: string): string {
  return `task-${taskId}`;
}
