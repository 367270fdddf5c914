/**
 * How a call to a GPU worker failed, in the terms account routing acts on (ADM-3): `unauthorized` and
 * `quota` take an account out of rotation until an admin acts; `capacity` means try another account;
 * `server_error`, `timeout` and `network` mean retry after a cool-down; `not_found`, `conflict` and
 * `invalid` are answers about the job itself, not about the worker's health.
 */
export type WorkerCallErrorKind =
  | 'unauthorized'
  | 'quota'
  | 'capacity'
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'server_error'
  | 'timeout'
  | 'network';

export type WorkerOperation = 'health' | 'submit' | 'status' | 'result' | 'preview' | 'cancel';

export interface WorkerCallErrorInit {
  kind: WorkerCallErrorKind;
  operation: WorkerOperation;
  /** HTTP status when the worker answered; undefined for timeouts and network failures. */
  status?: number;
  /** The `code` from the worker's error body, when it sent one. */
  workerCode?: string;
  /**
   * A stable code for logs and events: the worker's code, or one of the client's own
   * (`timeout`, `network`, `sha256_mismatch`, `invalid_response`, `http_<status>`).
   */
  code: string;
  /** Already free of credentials: the client redacts before constructing. */
  message: string;
  cause?: unknown;
}

/** The one error type `HttpWorkerClient` throws. Its message never contains a credential. */
export class WorkerCallError extends Error {
  readonly kind: WorkerCallErrorKind;
  readonly operation: WorkerOperation;
  readonly status?: number;
  readonly workerCode?: string;
  readonly code: string;

  constructor(init: WorkerCallErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'WorkerCallError';
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.workerCode = init.workerCode;
    this.code = init.code;
  }

  /** True for failures where the same call may succeed later or on another worker. */
  get transient(): boolean {
    return ['capacity', 'server_error', 'timeout', 'network'].includes(this.kind);
  }
}
