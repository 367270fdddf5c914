import { createHash } from 'node:crypto';
import {
  CONTENT_SHA256_HEADER,
  JOB_STATES,
  MODAL_KEY_HEADER,
  MODAL_SECRET_HEADER,
  type JobRequest,
  type JobStatus,
  type WorkerHealth,
} from '../../../../contracts/worker-api/worker-api.js';
import { WorkerCallError, type WorkerOperation } from './worker-call.error.js';
import type { WorkerCallOptions, WorkerClient, WorkerMedia } from './worker-client.port.js';
import { classifyHttpFailure, classifyThrown, networkCodeOf } from './worker-error-classifier.js';

export interface HttpWorkerClientOptions {
  /** e.g. `http://127.0.0.1:8081` or `https://<workspace>--gooni-gooni-worker-api.modal.run`. */
  baseUrl: string;
  /** The account's bearer token. */
  token: string;
  /** Modal proxy auth, for Modal deployments only. */
  proxyAuth?: { key: string; secret: string };
  /** Budget for a whole JSON call (connect, headers and body). */
  timeoutMs: number;
  /** Budget for result/preview downloads, which can be large videos. Default max(timeoutMs, 120 s). */
  downloadTimeoutMs?: number;
  /** For tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

interface CallSpec {
  operation: WorkerOperation;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Talks to any worker that speaks contracts/worker-api over HTTP. Uses Node's fetch (undici) directly:
 * the contract is six calls and every failure must be classified, which a generic HTTP client's retry
 * layer would hide; retries belong to the process manager that knows whether a call is idempotent.
 */
export class HttpWorkerClient implements WorkerClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly secrets: string[];

  constructor(private readonly options: HttpWorkerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.secrets = [options.token, options.proxyAuth?.key, options.proxyAuth?.secret].filter(
      (value): value is string => typeof value === 'string' && value.length >= 4,
    );
  }

  async health(options: WorkerCallOptions = {}): Promise<WorkerHealth> {
    const spec: CallSpec = { operation: 'health', method: 'GET', path: '/health', timeoutMs: this.options.timeoutMs, ...options };
    const body = await this.callJson(spec);
    if (!isRecord(body) || body.ok !== true || !Array.isArray(body.models)) throw this.invalidResponse(spec, 'health body');
    return body as unknown as WorkerHealth;
  }

  async submit(job: JobRequest, options: WorkerCallOptions = {}): Promise<JobStatus> {
    return this.callStatus({ operation: 'submit', method: 'POST', path: '/jobs', body: job, timeoutMs: this.options.timeoutMs, ...options });
  }

  async status(jobId: string, options: WorkerCallOptions = {}): Promise<JobStatus> {
    return this.callStatus({ operation: 'status', method: 'GET', path: jobPath(jobId), timeoutMs: this.options.timeoutMs, ...options });
  }

  async cancel(jobId: string, options: WorkerCallOptions = {}): Promise<JobStatus> {
    return this.callStatus({ operation: 'cancel', method: 'POST', path: `${jobPath(jobId)}/cancel`, timeoutMs: this.options.timeoutMs, ...options });
  }

  async fetchResult(jobId: string, options: WorkerCallOptions = {}): Promise<WorkerMedia> {
    return this.fetchMedia({ operation: 'result', method: 'GET', path: `${jobPath(jobId)}/result`, timeoutMs: this.downloadTimeout(), ...options });
  }

  async fetchPreview(jobId: string, options: WorkerCallOptions = {}): Promise<WorkerMedia> {
    return this.fetchMedia({ operation: 'preview', method: 'GET', path: `${jobPath(jobId)}/preview`, timeoutMs: this.downloadTimeout(), ...options });
  }

  private downloadTimeout(): number {
    return this.options.downloadTimeoutMs ?? Math.max(this.options.timeoutMs, 120_000);
  }

  private async callStatus(spec: CallSpec): Promise<JobStatus> {
    const body = await this.callJson(spec);
    if (!isRecord(body) || typeof body.job_id !== 'string' || !(JOB_STATES as readonly unknown[]).includes(body.state)) {
      throw this.invalidResponse(spec, 'job status');
    }
    return body as unknown as JobStatus;
  }

  private async callJson(spec: CallSpec): Promise<unknown> {
    return this.exchange(spec, async (response) => {
      const text = await response.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw this.invalidResponse(spec, 'JSON body');
      }
    });
  }

  private async fetchMedia(spec: CallSpec): Promise<WorkerMedia> {
    return this.exchange(spec, async (response) => {
      const bytes = Buffer.from(await response.arrayBuffer());
      const declared = response.headers.get(CONTENT_SHA256_HEADER)?.trim().toLowerCase();
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (!declared || declared !== actual) {
        throw new WorkerCallError({
          kind: 'server_error',
          operation: spec.operation,
          status: response.status,
          code: 'sha256_mismatch',
          message: `Worker ${spec.operation} for ${spec.path}: ${declared ? `sha256 ${actual} does not match the declared ${declared}` : `no ${CONTENT_SHA256_HEADER} header to verify against`} (${bytes.length} bytes).`,
        });
      }
      return { contentType: response.headers.get('content-type') ?? 'application/octet-stream', sha256: actual, bytes };
    });
  }

  /** One HTTP exchange under one deadline that also covers reading the body. */
  private async exchange<T>(spec: CallSpec, read: (response: Response) => Promise<T>): Promise<T> {
    const timeout = AbortSignal.timeout(spec.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    try {
      const response = await this.fetchImpl(`${this.baseUrl}${spec.path}`, {
        method: spec.method,
        headers: this.headers(spec.body !== undefined),
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal,
        redirect: 'error',
      });
      if (!response.ok) throw await this.httpFailure(spec, response);
      return await read(response);
    } catch (error) {
      if (error instanceof WorkerCallError) throw error;
      const kind = classifyThrown(error);
      const code = kind === 'timeout' ? 'timeout' : (networkCodeOf(error) ?? 'network');
      throw new WorkerCallError({
        kind,
        operation: spec.operation,
        code,
        message: this.redact(
          kind === 'timeout'
            ? `Worker ${spec.operation} ${spec.method} ${spec.path} got no complete answer within ${spec.timeoutMs} ms.`
            : `Worker ${spec.operation} ${spec.method} ${spec.path} failed on the network (${code}).`,
        ),
        cause: error,
      });
    }
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}`, accept: 'application/json' };
    if (hasBody) headers['content-type'] = 'application/json';
    if (this.options.proxyAuth) {
      headers[MODAL_KEY_HEADER] = this.options.proxyAuth.key;
      headers[MODAL_SECRET_HEADER] = this.options.proxyAuth.secret;
    }
    return headers;
  }

  private async httpFailure(spec: CallSpec, response: Response): Promise<WorkerCallError> {
    const text = await response.text().catch(() => '');
    let workerCode: string | undefined;
    let detail = text.slice(0, 300);
    try {
      const body = JSON.parse(text) as unknown;
      if (isRecord(body) && typeof body.code === 'string') workerCode = body.code;
      if (isRecord(body) && typeof body.detail === 'string') detail = body.detail;
    } catch {
      // Not our contract's body (a proxy or gateway answered): keep the text excerpt.
    }
    return new WorkerCallError({
      kind: classifyHttpFailure(response.status, workerCode),
      operation: spec.operation,
      status: response.status,
      workerCode,
      code: workerCode ?? `http_${response.status}`,
      message: this.redact(`Worker ${spec.operation} ${spec.method} ${spec.path} answered ${response.status}${workerCode ? ` ${workerCode}` : ''}: ${detail}`),
    });
  }

  private invalidResponse(spec: CallSpec, what: string): WorkerCallError {
    return new WorkerCallError({
      kind: 'server_error',
      operation: spec.operation,
      code: 'invalid_response',
      message: `Worker ${spec.operation} ${spec.method} ${spec.path} sent an invalid ${what}.`,
    });
  }

  /** Belt and braces: a worker or proxy echoing a credential must not smuggle it into logs or events. */
  private redact(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  }
}

function jobPath(jobId: string): string {
  return `/jobs/${encodeURIComponent(jobId)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
