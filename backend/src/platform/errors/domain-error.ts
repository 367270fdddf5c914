/**
 * The closed set of coded errors that domain and platform code throws. One exception filter maps a code
 * to an HTTP status and to `{code, detail, user_action, metadata?}`; nothing below a controller throws
 * an HttpException (house style rule 9).
 */
export interface DomainErrorOptions {
  userAction?: string;
  metadata?: Record<string, unknown>;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly code: string;
  readonly userAction: string;
  readonly metadata?: Record<string, unknown>;

  constructor(code: string, detail: string, options: DomainErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userAction = options.userAction ?? 'Check the request and try again.';
    this.metadata = options.metadata;
  }
}
