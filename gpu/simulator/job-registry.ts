import {
  TERMINAL_JOB_STATES,
  type JobRequest,
  type JobStatus,
  type WorkerCapacity,
} from '../../contracts/worker-api/worker-api.js';
import { fingerprintRequest, type JobRecord } from './job-record.js';
import { resolveUsedSettings } from './model-rules.js';

export interface JobRegistryDeps {
  maxConcurrentJobs: number;
  maxQueuedJobs: number;
  /** Finished jobs (and their files) are forgotten this long after they end. */
  retentionMs: number;
  now(): Date;
  run(record: JobRecord): Promise<void>;
  emit(record: JobRecord): void;
  removeOutputs(jobId: string): Promise<void>;
}

export type SubmitOutcome =
  | { kind: 'created'; record: JobRecord }
  | { kind: 'existing'; record: JobRecord }
  | { kind: 'conflict'; record: JobRecord }
  | { kind: 'queue_full' };

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_JOB_STATES.includes(status.state);
}

/** The worker's jobs: idempotent admission, a FIFO queue in front of N lanes, cancel, retention. */
export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly waiting: JobRecord[] = [];
  private readonly active = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: JobRegistryDeps) {}

  submit(request: JobRequest): SubmitOutcome {
    const existing = this.jobs.get(request.job_id);
    if (existing) {
      const same = existing.fingerprint === fingerprintRequest(request);
      return { kind: same ? 'existing' : 'conflict', record: existing };
    }
    if (this.active.size + this.waiting.length >= this.deps.maxConcurrentJobs + this.deps.maxQueuedJobs) {
      return { kind: 'queue_full' };
    }
    this.forgetExpired();
    const record: JobRecord = {
      request,
      fingerprint: fingerprintRequest(request),
      abort: new AbortController(),
      status: {
        job_id: request.job_id,
        state: 'queued',
        progress: 0,
        stage: 'queued',
        used: resolveUsedSettings(request),
        created_at: this.deps.now().toISOString(),
      },
    };
    this.jobs.set(request.job_id, record);
    this.waiting.push(record);
    this.deps.emit(record);
    // Deferred so the submit answer shows the job as admitted (`queued`), not half-way into a lane.
    setImmediate(() => this.pump());
    return { kind: 'created', record };
  }

  get(jobId: string): JobRecord | undefined {
    return this.jobs.get(jobId);
  }

  list(): JobStatus[] {
    return [...this.jobs.values()].map((record) => record.status);
  }

  /** Cancels a live job (a terminal one is returned unchanged); undefined for an unknown id. */
  cancel(jobId: string): JobRecord | undefined {
    const record = this.jobs.get(jobId);
    if (!record || isTerminal(record.status)) return record;
    const queued = this.waiting.indexOf(record);
    if (queued >= 0) this.waiting.splice(queued, 1);
    record.status.state = 'canceled';
    record.status.error = { code: 'canceled', message: 'The job was canceled at the caller’s request.' };
    record.status.finished_at = this.deps.now().toISOString();
    record.abort.abort(new Error('canceled'));
    this.deps.emit(record);
    return record;
  }

  capacity(): WorkerCapacity {
    return {
      max_concurrent_jobs: this.deps.maxConcurrentJobs,
      running_jobs: this.active.size,
      queued_jobs: this.waiting.length,
    };
  }

  /** Stops every live job without recording anything: the worker is shutting down or crashing. */
  stopAll(): void {
    this.stopped = true;
    this.waiting.length = 0;
    for (const record of this.jobs.values()) {
      if (!isTerminal(record.status)) record.abort.abort(new Error('worker stopped'));
    }
  }

  /** Resolves once every started job has stopped (ffmpeg children included). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.active]);
  }

  private pump(): void {
    while (!this.stopped && this.active.size < this.deps.maxConcurrentJobs && this.waiting.length > 0) {
      const record = this.waiting.shift()!;
      const run: Promise<void> = this.deps
        .run(record)
        .catch(() => undefined)
        .finally(() => {
          this.active.delete(run);
          this.pump();
        });
      this.active.add(run);
    }
  }

  private forgetExpired(): void {
    const cutoff = this.deps.now().getTime() - this.deps.retentionMs;
    for (const [id, record] of this.jobs) {
      const finished = record.status.finished_at;
      if (finished && isTerminal(record.status) && Date.parse(finished) < cutoff) {
        this.jobs.delete(id);
        void this.deps.removeOutputs(id).catch(() => undefined);
      }
    }
  }
}
