import { DomainError } from '../platform/errors/domain-error.js';

/** A point in the log: a global position, or a time (events whose metadata timestamp is ≤ it). */
export type AsOf = { position: number } | { time: string };

export interface ExportQuery {
  from: number;
  limit: number;
}

export interface RebuildRequest {
  verify: boolean;
  name?: string;
}

export const EXPORT_DEFAULT_LIMIT = 10_000;
export const EXPORT_MAX_LIMIT = 100_000;

const POSITION = /^\d{1,15}$/;
// A date, or a date and time with an explicit zone: a zoneless time would mean the server's local time.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `?at=` of GET /admin/streams/{stream}: omitted = now; a position; or an ISO-8601 time. */
export function parseAsOf(raw: unknown): AsOf | null {
  if (raw === undefined || raw === '') return null;
  if (typeof raw === 'string' && POSITION.test(raw)) return { position: Number(raw) };
  if (typeof raw === 'string' && ISO_TIME.test(raw)) {
    const time = Date.parse(raw);
    if (!Number.isNaN(time)) return { time: new Date(time).toISOString() };
  }
  throw invalid('at', 'must be a log position (0, 1, 2, …) or an ISO-8601 time such as 2026-01-31T12:00:00Z');
}

/** `?from=&limit=` of GET /admin/events. */
export function parseExportQuery(query: Record<string, unknown>): ExportQuery {
  const from = query.from === undefined || query.from === '' ? 0 : integer(query.from, 'from', 0, Number.MAX_SAFE_INTEGER);
  const limit = query.limit === undefined || query.limit === '' ? EXPORT_DEFAULT_LIMIT : integer(query.limit, 'limit', 1, EXPORT_MAX_LIMIT);
  return { from, limit };
}

/** Body of POST /admin/projections/rebuild: `{verify?: boolean, name?: string}` (an empty body is `{}`). */
export function parseRebuildRequest(body: unknown): RebuildRequest {
  if (body === undefined || body === null || body === '') return { verify: false };
  if (typeof body !== 'object' || Array.isArray(body)) throw invalid('body', 'must be a JSON object {verify?, name?}');
  const { verify, name, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw invalid(unknown[0].slice(0, 64), 'is not a field of this request (use verify and name)');
  if (verify !== undefined && typeof verify !== 'boolean') throw invalid('verify', 'must be true or false');
  if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > 100)) {
    throw invalid('name', 'must be a projection name such as task-status');
  }
  return name === undefined ? { verify: verify ?? false } : { verify: verify ?? false, name };
}

function integer(raw: unknown, field: string, min: number, max: number): number {
  const value = typeof raw === 'string' && POSITION.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(field, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

// The rejected value is not echoed: an error body must never carry what may be a pasted secret (AUD-5).
function invalid(field: string, message: string): DomainError {
  return new DomainError('validation_error', `${field} ${message}.`, {
    userAction: 'Fix the request as described and send it again.',
    metadata: { fields: [{ field, code: 'invalid', message }] },
  });
}
