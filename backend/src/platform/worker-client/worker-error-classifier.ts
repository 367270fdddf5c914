import type { WorkerCallErrorKind } from './worker-call.error.js';

/**
 * Maps an HTTP answer to an error kind. Quota is checked first: providers report an exhausted budget
 * with 402, 403 or 429 depending on the layer, and only the code tells it apart from a bad credential
 * or a busy worker — and the two need different actions (wait for billing vs. fix credentials).
 */
export function classifyHttpFailure(status: number, workerCode?: string): WorkerCallErrorKind {
  const code = workerCode?.toLowerCase() ?? '';
  if (status === 402 || code.includes('quota') || code.includes('spend')) return 'quota';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429) return 'capacity';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'server_error';
  return 'invalid';
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Maps a thrown fetch failure to `timeout` or `network`. An abort (our AbortSignal timeout or a caller's
 * signal) is a timeout; undici's own timeouts too. Everything else — refused, reset, DNS, TLS, a socket
 * closed mid-body — is the network.
 */
export function classifyThrown(error: unknown): 'timeout' | 'network' {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const name = (current as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
    current = (current as { cause?: unknown }).cause;
  }
  return 'network';
}

/** The most specific low-level code in a fetch failure (e.g. ECONNREFUSED), for logs. */
export function networkCodeOf(error: unknown): string | undefined {
  let found: string | undefined;
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') found = code;
    // Deeper is more specific: "fetch failed" → SocketError → ECONNRESET; AggregateError holds its causes in `errors`.
    const nested = (current as { errors?: unknown }).errors;
    current = (current as { cause?: unknown }).cause ?? (Array.isArray(nested) ? nested[0] : undefined);
  }
  return found;
}
