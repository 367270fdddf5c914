/**
 * Security decisions that belong to no aggregate (AUD-1): throttling, CORS denials, rejected credentials,
 * admin reads. Stream `security-<yyyy-mm-dd>` (UTC day of the decision). Repeats of one decision from one
 * source within a minute are folded into a single event with a `count`, so a flood cannot grow the log
 * without bound (specs/security.md). Schema version 1.
 */
export const SECURITY_EVENT_SCHEMA_VERSION = 1;

export type SecurityOutcome = 'success' | 'denied' | 'throttled';

export interface SecurityRecordData {
  /** What was attempted, e.g. `admin_session_create`, `GET /gallery`, `cors_request`. */
  action: string;
  /** What it was aimed at (a route, an origin, a session id). Never a secret. */
  target: string;
  outcome: SecurityOutcome;
  /** The error code answered (`invalid_api_key`, `rate_limited`, …) or `ok`. */
  reason: string;
  /** How many such decisions this event stands for (1 for the first one in a window). */
  count: number;
  /** The window the count covers (the first event of a window covers just itself). */
  first_at: string;
  last_at: string;
  /** Up to 5 correlation ids of the requests counted (the event's own metadata carries the first). */
  correlation_ids: string[];
  details: Record<string, string | number | boolean | null>;
}

export type SecurityEvent =
  | { type: 'AccessDenied'; data: SecurityRecordData }
  | { type: 'RequestThrottled'; data: SecurityRecordData }
  | { type: 'CorsOriginBlocked'; data: SecurityRecordData }
  | { type: 'AdminRouteAccessed'; data: SecurityRecordData };

export type SecurityEventType = SecurityEvent['type'];

export const SECURITY_EVENT_TYPES: readonly SecurityEventType[] = ['AccessDenied', 'RequestThrottled', 'CorsOriginBlocked', 'AdminRouteAccessed'];

export function securityStream(at: Date): string {
  return `security-${at.toISOString().slice(0, 10)}`;
}
