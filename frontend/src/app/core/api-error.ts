import type { ErrorBody } from './api-types';

/** Codes the client itself assigns when the server gave no structured body. */
export const CLIENT_ERROR_CODES = {
  network: 'network_error',
  unexpectedResponse: 'unexpected_response',
} as const;

/**
 * A failed API call, always in the server's error shape (`{code, detail, user_action, metadata?}`, SEC-4)
 * whether the body came from the server or was synthesised for a network failure or a foreign body.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** Stable machine code, e.g. `session_expired`, `rate_limited`, `network_error`. */
    readonly code: string,
    /** What went wrong, in words a user can read. */
    readonly detail: string,
    /** What the user can do about it. */
    readonly userAction: string,
    /** HTTP status; 0 when the server was never reached. */
    readonly status: number,
    readonly metadata: Readonly<Record<string, unknown>> = {},
  ) {
    super(userAction ? `${detail} ${userAction}` : detail);
  }

  /** Builds an ApiError from a non-2xx response; `body` is whatever the server sent, parsed or not. */
  static fromResponse(status: number, body: unknown): ApiError {
    const structured = asErrorBody(body);
    if (structured) {
      return new ApiError(structured.code, structured.detail, structured.user_action, status, structured.metadata);
    }
    if (status === 0) {
      return new ApiError(
        CLIENT_ERROR_CODES.network,
        'The Gooni Gooni server cannot be reached.',
        'Check your connection, then try again.',
        0,
      );
    }
    if (status >= 500) {
      return new ApiError(
        CLIENT_ERROR_CODES.unexpectedResponse,
        `The server is not available right now (HTTP ${status}).`,
        'Try again in a moment.',
        status,
      );
    }
    return new ApiError(
      CLIENT_ERROR_CODES.unexpectedResponse,
      `The server sent an unexpected response (HTTP ${status}).`,
      'Reload the page; if it keeps happening, tell the administrator.',
      status,
    );
  }
}

/** Accepts a parsed object or a JSON string; anything else is not an error body. */
function asErrorBody(body: unknown): ErrorBody | null {
  const value = typeof body === 'string' ? parseJson(body) : body;
  if (typeof value !== 'object' || value === null) return null;
  const { code, detail, user_action, metadata } = value as Record<string, unknown>;
  if (typeof code !== 'string' || typeof detail !== 'string') return null;
  return {
    code,
    detail,
    user_action: typeof user_action === 'string' ? user_action : '',
    metadata: typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : undefined,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
