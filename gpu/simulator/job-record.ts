import { createHash } from 'node:crypto';
import type { JobErrorCode, JobRequest, JobStatus } from '../../contracts/worker-api/worker-api.js';

/** One job as the simulator keeps it. `status` is the live object the runner updates in place. */
export interface JobRecord {
  readonly request: JobRequest;
  readonly fingerprint: string;
  readonly status: JobStatus;
  readonly abort: AbortController;
  resultPath?: string;
  previewPath?: string;
}

/** A failure that ends the job with a contract error code (as opposed to a cancel or a crash). */
export class JobFailure extends Error {
  constructor(
    readonly code: JobErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

/**
 * Identity of a submission for idempotency. `callback_url` is left out on purpose: it is where to
 * deliver, not what to make, and a backend that restarted on another port must still be able to
 * re-submit the same job without a conflict.
 */
export function fingerprintRequest(request: JobRequest): string {
  const { callback_url: _ignored, ...content } = request;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * The text the pattern is painted from: everything that shapes the picture, nothing that names the job
 * or only picks the container (a PNG and a JPEG of the same request show the same picture).
 */
export function seedTextOf(request: JobRequest): string {
  const { job_id: _id, callback_url: _url, output_format: _format, ...content } = request;
  return canonicalJson(content);
}

/** JSON with object keys sorted, so equal content gives equal text whatever the key order on the wire. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
