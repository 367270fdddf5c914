import type { JobRequest, JobStatus, WorkerHealth } from '../../../../contracts/worker-api/worker-api.js';

/** A result or preview copied from a worker, already checked against the worker's sha256. */
export interface WorkerMedia {
  contentType: string;
  /** Lower-case hex sha256 of `bytes`. */
  sha256: string;
  bytes: Buffer;
}

/** Per-call options. */
export interface WorkerCallOptions {
  /** Aborts the call early (shutdown); the call then fails with kind `timeout`. */
  signal?: AbortSignal;
}

/**
 * What the backend needs from a GPU worker (contracts/worker-api). Every method fails only with
 * `WorkerCallError`, whose `kind` drives account routing.
 */
export interface WorkerClient {
  health(options?: WorkerCallOptions): Promise<WorkerHealth>;
  /** Idempotent on `job.job_id`: re-submitting after an ambiguous failure never starts a second run. */
  submit(job: JobRequest, options?: WorkerCallOptions): Promise<JobStatus>;
  status(jobId: string, options?: WorkerCallOptions): Promise<JobStatus>;
  fetchResult(jobId: string, options?: WorkerCallOptions): Promise<WorkerMedia>;
  fetchPreview(jobId: string, options?: WorkerCallOptions): Promise<WorkerMedia>;
  cancel(jobId: string, options?: WorkerCallOptions): Promise<JobStatus>;
}
